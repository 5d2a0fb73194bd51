using System.Globalization;

namespace Cosim.VfioUser;

/// <summary>
/// A malformed vfio-user message: names the offending field, its value, the message id and the command. Thrown
/// where the stream can no longer be trusted (bad header size or type); the connection is then closed, the device
/// reset and the server accepts the next client. Request-level faults become error replies instead.
/// </summary>
public sealed class VfioUserProtocolException : Exception
{
    /// <summary>Creates the error for <paramref name="field"/> = <paramref name="value"/> in message <paramref name="messageId"/>.</summary>
    public VfioUserProtocolException(string field, ulong value, ushort messageId, VfioUserCommand command, string reason)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"Malformed vfio-user message (id 0x{messageId:x4}, {command}): {field} = 0x{value:x}: {reason}"))
    {
        Field = field;
        Value = value;
        MessageId = messageId;
        Command = command;
    }

    /// <summary>The header or payload field that is wrong.</summary>
    public string Field { get; }

    /// <summary>The field's value as received.</summary>
    public ulong Value { get; }

    /// <summary>The message id of the offending message.</summary>
    public ushort MessageId { get; }

    /// <summary>The command of the offending message (as received; may be an undefined value).</summary>
    public VfioUserCommand Command { get; }
}
