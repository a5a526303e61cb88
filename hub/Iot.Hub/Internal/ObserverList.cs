namespace Iot.Hub.Internal;

/// <summary>
/// Every registered <typeparamref name="T"/>, in registration order (the order <see cref="HubFlow"/> lists them),
/// resolved on first use. The observers cannot be constructor dependencies: the cycle broker → ingest pipeline →
/// observers → tickets → alerts → MQTT publisher → broker is real, and this type is where it is broken.
/// </summary>
public sealed class ObserverList<T>(IServiceProvider services)
    where T : class
{
    private T[]? _items;

    /// <summary>The observers; resolving twice in a race is harmless (they are singletons).</summary>
    public ReadOnlySpan<T> Items => _items ??= [.. services.GetServices<T>()];

    /// <summary>Lets <c>foreach</c> run over the list without allocating (the ingest path calls it per message).</summary>
    public ReadOnlySpan<T>.Enumerator GetEnumerator() => Items.GetEnumerator();
}
