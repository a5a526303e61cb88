using Iot.Contracts;

namespace Iot.Hub.Tickets;

/// <summary>
/// What a rule says about one problem at one moment. <see cref="DedupKey"/> names the problem
/// (<c>{rule}:{deviceId or groupId}</c>): raising it again while its ticket is open updates nothing but the last-seen time;
/// raising it after the ticket was resolved, within the flap window, re-opens the same ticket.
/// </summary>
/// <param name="DedupKey">Stable key of the problem, for example <c>lamp_failure:LAMP-001-01</c>.</param>
/// <param name="Rule">The rule's wire name (snake_case), see <see cref="RuleNames"/>.</param>
/// <param name="Service">The service the problem belongs to (routing uses it).</param>
/// <param name="Severity">low, medium, high or critical (see Iot.City.SlaSeverities).</param>
/// <param name="DeviceId">The device, for a device problem.</param>
/// <param name="GroupId">The agent, cabinet or route, for a group problem.</param>
/// <param name="CommuneId">The commune of the asset.</param>
/// <param name="Longitude">WGS84 longitude of the asset or group, used for routing by contract zone.</param>
/// <param name="Latitude">WGS84 latitude.</param>
/// <param name="Summary">One line in English saying what is wrong; the ticket's title.</param>
/// <param name="ParentKey">When a group problem covers this one (a cabinet's supply loss covers its lamps): the group's key.
/// The ticket is then linked as a child and not alerted on its own.</param>
/// <param name="AtMs">When the condition was observed (hub clock, Unix ms).</param>
public sealed record ProblemSignal(
    string DedupKey,
    string Rule,
    ServiceKind Service,
    string Severity,
    string? DeviceId,
    string? GroupId,
    string CommuneId,
    double Longitude,
    double Latitude,
    string Summary,
    string? ParentKey,
    long AtMs);
