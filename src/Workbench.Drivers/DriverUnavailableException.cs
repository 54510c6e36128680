namespace Workbench.Drivers;

/// <summary>
/// The system behind a driver (a Slurm controller) did not answer, or not in time: nothing is known
/// about the compute right now, and the same call may work later. The message carries its error text.
/// </summary>
public sealed class DriverUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
