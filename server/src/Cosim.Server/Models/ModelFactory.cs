using Cosim.Tlp;
using Microsoft.Extensions.Logging;

namespace Cosim.Server.Models;

/// <summary>
/// Creates one instance of a model for a device definition. Throws <see cref="ModelOptionException"/> for an option
/// value the model cannot use; the host reports it with the option's key path.
/// </summary>
public delegate IPcieFunction ModelFactory(DeviceOptions options, ILoggerFactory loggerFactory);
