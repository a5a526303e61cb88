using Iot.Hub.Alerts;
using Iot.Hub.Commands;
using Iot.Hub.Dashboard;
using Iot.Hub.Detection;
using Iot.Hub.Indicators;
using Iot.Hub.Ingest;
using Iot.Hub.Internal;
using Iot.Hub.Open311;
using Iot.Hub.Tickets;

namespace Iot.Hub;

/// <summary>
/// Who hears what, in one place: telemetry → rules → tickets → alerts, indicators, Open311, the dashboard. The features
/// register their services (<c>Add*</c>); only this file wires them to each other. Observers are told in the order listed.
/// </summary>
internal static class HubFlow
{
    public static IServiceCollection AddHubFlow(this IServiceCollection services)
    {
        // Observers are resolved on first use: broker → pipeline → observers → alerts → MQTT publisher → broker is a cycle.
        services.AddSingleton(typeof(ObserverList<>));
        services.AddSingleton(typeof(Deferred<>));

        // Ingest (IngestPipeline) tells each IIngestObserver, in this order:
        services.AddIngestObserver<CommandService>();   // cmd-ack: a command's answer
        services.AddIngestObserver<DetectionService>(); // the outage rules
        services.AddIngestObserver<StateRecorder>();    // availability history for the indicators

        // The rules (RuleEngine) raise and clear problems in:
        services.AddProblemSink<TicketService>();       // rules → tickets

        // Tickets (TicketService) tell each ITicketObserver of every committed change, in this order:
        services.AddTicketObserver<AlertService>();     // tickets → webhooks, e-mail, MQTT, reminders
        services.AddTicketObserver<TicketFollower>();   // tickets → Open311 service requests
        services.AddTicketObserver<StateRecorder>();    // tickets → indicators
        services.AddTicketObserver<TicketMarks>();      // tickets → live map
        services.AddTicketObserver<HubTicketsView>();   // tickets → ticket pages
        return services;
    }

    private static void AddIngestObserver<T>(this IServiceCollection services)
        where T : class, IIngestObserver =>
        services.AddSingleton<IIngestObserver>(sp => sp.GetRequiredService<T>());

    private static void AddProblemSink<T>(this IServiceCollection services)
        where T : class, IProblemSink =>
        services.AddSingleton<IProblemSink>(sp => sp.GetRequiredService<T>());

    private static void AddTicketObserver<T>(this IServiceCollection services)
        where T : class, ITicketObserver =>
        services.AddSingleton<ITicketObserver>(sp => sp.GetRequiredService<T>());
}
