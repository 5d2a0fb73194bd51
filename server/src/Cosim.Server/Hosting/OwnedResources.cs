namespace Cosim.Server.Hosting;

/// <summary>Things the endpoint creates inside its hosted service (checker timers) and the host disposes with itself.</summary>
internal sealed class OwnedResources : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<IDisposable> _items = [];

    public void Add(IDisposable item)
    {
        lock (_lock)
        {
            _items.Add(item);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (IDisposable item in _items)
            {
                item.Dispose();
            }

            _items.Clear();
        }
    }
}
