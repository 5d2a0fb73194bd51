using System.Reflection;
using Cosim.Device;
using Cosim.Device.Dma;
using Cosim.Hdl.TlpStream;
using Cosim.Tlp;

namespace Cosim.Conformance.Tests;

/// <summary>
/// Shortens a behavioral model's DMA Completion Timeout (5 s of wall time by default), so a test that drops a
/// completion on purpose takes a fraction of a second. The device-author API offers no setting for it yet, so this
/// reaches the protected <c>EndpointFunction.Dma</c> by reflection. An RTL function's bridge ends its DMA reads after
/// <see cref="RtlFunction.DmaCompletionTimeout"/>; other implementations keep their own timeout.
/// </summary>
internal static class DeviceTimeouts
{
    public static void Shorten(IPcieFunction function, TimeSpan timeout)
    {
        if (function is RtlFunction rtl)
        {
            rtl.DmaCompletionTimeout = timeout;
            return;
        }

        if (function is not EndpointFunction endpoint)
        {
            return;
        }

        PropertyInfo dma = typeof(EndpointFunction).GetProperty("Dma", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("EndpointFunction.Dma is gone; update DeviceTimeouts.");
        ((DmaEngine)dma.GetValue(endpoint)!).CompletionTimeout = timeout;
    }
}
