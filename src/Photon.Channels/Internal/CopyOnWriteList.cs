namespace Photon.Channels.Internal;

/// <summary>
/// The handlers of one subscription: read on every message without a lock, changed rarely (subscribe,
/// unsubscribe), so each change publishes a new array.
/// </summary>
internal sealed class CopyOnWriteList<T>
    where T : class
{
    private readonly Lock _gate = new();
    private volatile T[] _items = [];

    /// <summary>The items at this moment; safe to enumerate while others change the list.</summary>
    public IReadOnlyList<T> Items => _items;

    public void Add(T item)
    {
        lock (_gate)
        {
            _items = [.. _items, item];
        }
    }

    /// <summary>Removes <paramref name="item"/>; true when the list is then empty.</summary>
    public bool Remove(T item)
    {
        lock (_gate)
        {
            _items = [.. _items.Where(i => i != item)];
            return _items.Length == 0;
        }
    }
}
