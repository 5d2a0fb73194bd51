using Microsoft.Extensions.Logging;

namespace Cosim.Models.PciEpfTest;

/// <summary>Log messages of <see cref="PciEpfTestDevice"/> (stable event ids 5100-5199).</summary>
internal static partial class PciEpfTestLog
{
    public const int InvalidCommandEvent = 5101;
    public const int InvalidIrqTypeEvent = 5102;
    public const int InvalidIrqNumberEvent = 5103;
    public const int CommandWhileBusyEvent = 5104;
    public const int TransferFailedEvent = 5105;
    public const int WrongDoorbellValueEvent = 5106;
    public const int InvalidSubrangeBarEvent = 5107;
    public const int TransferAbortedEvent = 5108;

    [LoggerMessage(EventId = InvalidCommandEvent, Level = LogLevel.Warning, Message = "pci-epf-test: COMMAND 0x{Command:x} is not exactly one known command; ignored, no interrupt (logged once)")]
    public static partial void InvalidCommand(ILogger logger, uint command);

    [LoggerMessage(EventId = InvalidIrqTypeEvent, Level = LogLevel.Warning, Message = "pci-epf-test: IRQ_TYPE {IrqType} is not INTx (0), MSI (1) or MSI-X (2); COMMAND 0x{Command:x} ignored, no interrupt (logged once)")]
    public static partial void InvalidIrqType(ILogger logger, ulong irqType, uint command);

    [LoggerMessage(EventId = InvalidIrqNumberEvent, Level = LogLevel.Warning, Message = "pci-epf-test: IRQ_NUMBER {IrqNumber} names no {IrqType} vector; no interrupt sent (logged once)")]
    public static partial void InvalidIrqNumber(ILogger logger, ulong irqNumber, PciEpfTestIrqType irqType);

    [LoggerMessage(EventId = CommandWhileBusyEvent, Level = LogLevel.Warning, Message = "pci-epf-test: COMMAND 0x{Command:x} written while a transfer runs; ignored (logged once)")]
    public static partial void CommandWhileBusy(ILogger logger, uint command);

    [LoggerMessage(EventId = TransferFailedEvent, Level = LogLevel.Information, Message = "pci-epf-test: {Command} of {Size} bytes (SRC_ADDR 0x{Source:x}, DST_ADDR 0x{Destination:x}) failed: STATUS {Status}")]
    public static partial void TransferFailed(ILogger logger, PciEpfTestCommand command, ulong size, ulong source, ulong destination, PciEpfTestStatus status);

    [LoggerMessage(EventId = WrongDoorbellValueEvent, Level = LogLevel.Warning, Message = "pci-epf-test: doorbell written with 0x{Written:x}, not DB_DATA 0x{Expected:x}; not rung (logged once)")]
    public static partial void WrongDoorbellValue(ILogger logger, uint written, uint expected);

    [LoggerMessage(EventId = InvalidSubrangeBarEvent, Level = LogLevel.Warning, Message = "pci-epf-test: subrange command for BAR {Bar}, which is the register BAR, absent or of odd size; failed (logged once)")]
    public static partial void InvalidSubrangeBar(ILogger logger, ulong bar);

    [LoggerMessage(EventId = TransferAbortedEvent, Level = LogLevel.Error, Message = "pci-epf-test: {Command} of {Size} bytes aborted by the DMA engine; reported as failed")]
    public static partial void TransferAborted(ILogger logger, Exception exception, PciEpfTestCommand command, ulong size);
}
