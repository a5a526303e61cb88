namespace Iot.Hub.Internal;

/// <summary>
/// One service resolved on first use, for the dependencies that close a cycle (the alerts' MQTT publisher is the broker,
/// whose pipeline tells the rules, whose tickets tell the alerts). The single-service twin of <see cref="ObserverList{T}"/>.
/// </summary>
public sealed class Deferred<T>(IServiceProvider services)
    where T : class
{
    private T? _value;

    public T Value => _value ??= services.GetRequiredService<T>();
}
