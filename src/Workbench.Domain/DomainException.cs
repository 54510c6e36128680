namespace Workbench.Domain;

/// <summary>A request that breaks a domain rule; the API answers it with a 409 problem.</summary>
public class DomainException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}
