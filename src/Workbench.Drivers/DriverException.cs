namespace Workbench.Drivers;

/// <summary>A driver could not do what was asked; the message is written for the instance's user.</summary>
public sealed class DriverException(string message) : Exception(message);
