using Iot.Edge.Drivers.Lamps;
using Iot.Edge.Drivers.Nmea;
using Iot.Edge.Drivers.Ultrasonic;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Iot.Edge.Drivers;

public static class SerialDriversExtensions
{
    /// <summary>Registers the serial drivers' factories: <c>nmea-gps</c>, <c>ultrasonic-level</c>, <c>lamp-controller</c>.</summary>
    public static IServiceCollection AddSerialDrivers(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDriverFactory, NmeaGpsDriverFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDriverFactory, UltrasonicLevelDriverFactory>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDriverFactory, LampControllerDriverFactory>());
        return services;
    }
}
