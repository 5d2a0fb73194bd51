using Cosim.Tlp.Transactions;

namespace Cosim.Tlp.Checking;

public sealed partial class TlpChecker
{
    private void CheckCompletion(LinkDirection direction, in TlpHeader header, ReadOnlySpan<byte> payload, ref Findings found)
    {
        // Upstream completions answer the host's requests, downstream ones the function's.
        CompletionTracker tracker = direction == LinkDirection.Upstream ? _hostRequests : _functionRequests;

        // EP is reported by CheckFormation; the completion still counts toward its request, as the data moved.
        CompletionMatch match = tracker.Match(header.Poisoned ? header with { Poisoned = false } : header, payload);
        if (match.Outcome == CompletionMatchOutcome.Mismatch && match.Mismatch != CompletionMismatch.StatusNotSuccessful)
        {
            ReportMismatch(direction, header, match, ref found);
            if (match.Mismatch != CompletionMismatch.UnexpectedTag)
            {
                // One report per broken request: stop tracking it, or its timeout would be reported as well.
                tracker.TryRemove(header.Tag, out _);
            }

            return;
        }

        if (match.Outcome == CompletionMatchOutcome.Complete && match.Request.Request.Kind == TlpKind.ConfigRead0 && direction == LinkDirection.Upstream)
        {
            _config.MarkKnown(match.Request.Request);
        }
    }

    private void ReportMismatch(LinkDirection direction, in TlpHeader completion, in CompletionMatch match, ref Findings found)
    {
        TlpHeader request = match.Request.Request;
        switch (match.Mismatch)
        {
            case CompletionMismatch.UnexpectedTag:
                Add(ref found, CheckerRule.UnexpectedCompletion, direction, completion, $"no request of {completion.RequesterId} with Tag 0x{completion.Tag:x} is outstanding");
                break;
            case CompletionMismatch.ByteCountMismatch:
                Add(ref found, CheckerRule.CompletionByteCountMismatch, direction, completion, $"Byte Count {completion.ByteCount} but {match.Request.RemainingByteCount} bytes remain of {request}");
                break;
            case CompletionMismatch.LowerAddressMismatch:
                Add(ref found, CheckerRule.CompletionLowerAddressMismatch, direction, completion, $"Lower Address 0x{completion.LowerAddress:x} is not the next byte due of {request}");
                break;
            case CompletionMismatch.DataExceedsRequest:
                Add(ref found, CheckerRule.CompletionDataExceedsRequest, direction, completion, $"{completion.PayloadSize} bytes of data exceed the {match.Request.RemainingByteCount} that remain of {request}");
                break;
            default:
                Add(ref found, CheckerRule.CompletionFieldMismatch, direction, completion, $"{match.Mismatch} against {request}");
                break;
        }
    }
}
