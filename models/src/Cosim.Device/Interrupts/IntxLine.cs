using Cosim.Tlp;

namespace Cosim.Device.Interrupts;

/// <summary>
/// The function's INTx virtual wire (PCIe Base 6.0 §2.2.8.1). The model drives the level; the wire sends
/// Assert_INTx when the effective level rises and Deassert_INTx when it falls. The effective level is the model's
/// level unless the Command register's Interrupt Disable is set or MSI/MSI-X is enabled; the Status register's
/// Interrupt Status bit follows the model's level regardless.
/// </summary>
public sealed class IntxLine
{
    private readonly EndpointFunction _function;
    private bool _level;
    private bool _sent;

    internal IntxLine(EndpointFunction function) => _function = function;

    /// <summary>The level the model drives.</summary>
    public bool Level => _level;

    /// <summary>Drives the line high.</summary>
    public void Assert() => Drive(true);

    /// <summary>Drives the line low.</summary>
    public void Deassert() => Drive(false);

    internal void Reset()
    {
        _level = false;
        _sent = false;
    }

    internal void Reevaluate()
    {
        lock (_function.Gate)
        {
            Update();
        }
    }

    private void Drive(bool level)
    {
        lock (_function.Gate)
        {
            _level = level;
            Update();
        }
    }

    private void Update()
    {
        InterruptPin pin = _function.Identity.InterruptPin;
        if (pin == InterruptPin.None)
        {
            return;
        }

        var config = _function.ConfigSpace;
        config.InterruptStatus = _level;
        bool messagesEnabled = (config.Msi?.Enabled ?? false) || (config.MsiX?.Enabled ?? false);
        bool effective = _level && !config.InterruptDisable && !messagesEnabled;
        if (effective != _sent)
        {
            _sent = effective;
            _function.Upstream.Receive(TlpHeader.InterruptMessage(_function.Id, pin, effective), []);
        }
    }
}
