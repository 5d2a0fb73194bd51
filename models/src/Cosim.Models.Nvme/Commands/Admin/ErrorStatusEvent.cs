namespace Cosim.Models.Nvme.Commands.Admin;

/// <summary>Asynchronous Event Information for <see cref="AsyncEventType.ErrorStatus"/> (NVMe Base 1.4 Figure 144).</summary>
internal enum ErrorStatusEvent : byte
{
    /// <summary>Write to Invalid Doorbell Register: a doorbell of a queue that does not exist.</summary>
    WriteToInvalidDoorbellRegister = 0x00,

    /// <summary>Invalid Doorbell Write Value: a tail or head beyond the queue, or a head beyond the entries posted.</summary>
    InvalidDoorbellWriteValue = 0x01,
}
