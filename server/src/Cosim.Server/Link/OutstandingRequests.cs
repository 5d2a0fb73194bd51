using Cosim.Tlp;

namespace Cosim.Server.Link;

/// <summary>
/// The non-posted requests a proxy forwarded and not yet saw completed, by Tag (10-bit tag space): on link down each
/// gets an Unsupported Request completion so the requester never waits for an answer that cannot come. A request is
/// complete when a completion with a status other than SC arrives, or the completion that carries its last byte
/// (PCIe Base 6.0 §2.3.1.1: Byte Count is what remains including this completion).
/// </summary>
internal sealed class OutstandingRequests
{
    private const int TagSpace = TlpHeader.MaxTag + 1;

    private readonly TlpHeader[] _requests = new TlpHeader[TagSpace];
    private readonly bool[] _active = new bool[TagSpace];
    private int _count;

    public int Count => _count;

    public void Add(in TlpHeader request)
    {
        int tag = request.Tag & TlpHeader.MaxTag;
        if (!_active[tag])
        {
            _count++;
        }

        _requests[tag] = request;
        _active[tag] = true;
    }

    /// <summary>Removes the request <paramref name="request"/> if it is still outstanding; false when it was already taken.</summary>
    public bool Remove(in TlpHeader request)
    {
        int tag = request.Tag & TlpHeader.MaxTag;
        if (!_active[tag] || _requests[tag].RequesterId != request.RequesterId)
        {
            return false;
        }

        _active[tag] = false;
        _count--;
        return true;
    }

    /// <summary>Notes <paramref name="completion"/>; the request is removed when this completion ends it.</summary>
    public void OnCompletion(in TlpHeader completion)
    {
        int tag = completion.Tag & TlpHeader.MaxTag;
        if (!_active[tag] || _requests[tag].RequesterId != completion.RequesterId)
        {
            return;
        }

        int bytesCarried = (completion.Length * 4) - (completion.LowerAddress & 3);
        bool last = completion.Status != CompletionStatus.SuccessfulCompletion
            || completion.Length == 0
            || bytesCarried >= (completion.ByteCount == 0 ? TlpHeader.MaxPayloadBytes : completion.ByteCount);
        if (last)
        {
            _active[tag] = false;
            _count--;
        }
    }

    /// <summary>Moves every outstanding request to <paramref name="destination"/> and forgets them.</summary>
    public void TakeAll(List<TlpHeader> destination)
    {
        for (int tag = 0; tag < TagSpace && _count > 0; tag++)
        {
            if (_active[tag])
            {
                destination.Add(_requests[tag]);
                _active[tag] = false;
                _count--;
            }
        }
    }
}
