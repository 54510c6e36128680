namespace Workbench.Contracts;

/// <summary>An environment image from the catalog and the apps it serves.</summary>
public sealed record ImageResource(string Name, string Description, IReadOnlyList<string> Tools, IReadOnlyList<string> Apps, bool IsDefault);
