using System.Text;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Devices;

namespace Iot.Hub.Agents;

/// <summary>
/// The text of mosquitto's password file and ACL file for the hub's agents (mosquitto 2.0 formats). The ACL mirrors
/// what the embedded broker enforces: an agent writes telemetry, events, statuses and command acks of the devices it
/// owns and its own status, and reads only its devices' commands; the hub reads everything and writes commands and
/// operator alerts.
/// </summary>
public static class MosquittoFiles
{
    private static readonly MessageKind[] AgentWrites = [MessageKind.Telemetry, MessageKind.Event, MessageKind.Status, MessageKind.CmdAck];

    /// <summary>One <c>user:hash</c> line per account, in the given order.</summary>
    public static string Passwd(IEnumerable<(string User, string Hash)> accounts)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        var text = new StringBuilder();
        foreach (var (user, hash) in accounts)
        {
            text.Append(user).Append(':').Append(hash).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The hash of <paramref name="user"/> in a password file's text, or null.</summary>
    public static string? FindHash(string passwd, string user)
    {
        ArgumentNullException.ThrowIfNull(passwd);
        var prefix = user + ":";
        return passwd.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal))?[prefix.Length..];
    }

    public static string Acl(DeviceRegistry registry, string hubUser, IEnumerable<string> agentIds, string header)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(agentIds);
        var text = new StringBuilder();
        foreach (var line in header.Split('\n'))
        {
            text.Append("# ").Append(line).Append('\n');
        }

        text.Append('\n')
            .Append("# The hub: reads every agent's messages (and $share subscriptions of them), publishes commands and operator alerts.\n")
            .Append("user ").Append(hubUser).Append('\n')
            .Append("topic read ").Append(Topics.Prefix).Append("#\n")
            .Append("topic write ").Append(Topics.Prefix).Append("+/+/+/").Append(Topics.KindToWire(MessageKind.Cmd)).Append('\n')
            .Append("topic write ").Append(Topics.Prefix).Append("+/alerts/#\n");
        foreach (var id in agentIds)
        {
            var agent = registry.FindAgent(id) ?? throw new ArgumentException($"agent '{id}' is not in the registry", nameof(agentIds));
            text.Append('\n')
                .Append("# ").Append(agent.Id).Append(": ").Append(agent.Kind).Append(", commune ").Append(agent.Commune)
                .Append(", ").Append(agent.Devices.Count).Append(agent.Devices.Count == 1 ? " device\n" : " devices\n")
                .Append("user ").Append(agent.Id).Append('\n');
            foreach (var (access, topic) in AgentTopics(registry, agent))
            {
                text.Append("topic ").Append(access).Append(' ').Append(topic).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>What <paramref name="agent"/> may do, as (<c>read</c>|<c>write</c>, topic) pairs without duplicates.</summary>
    public static IEnumerable<(string Access, string Topic)> AgentTopics(DeviceRegistry registry, AgentInfo agent)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(agent);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        // The agent's own status (birth and Last Will) is on its own id, under each service its kind speaks for.
        foreach (var service in ServiceKinds.All.Where(s => AgentKinds.CanOwn(agent.Kind, s)))
        {
            var topic = Topics.Format(agent.Commune, service, agent.Id, MessageKind.Status);
            if (seen.Add(topic))
            {
                yield return ("write", topic);
            }
        }

        foreach (var device in agent.Devices.Select(registry.FindDevice).OfType<DeviceInfo>())
        {
            foreach (var kind in AgentWrites)
            {
                var topic = Topics.Format(device.Commune, device.Service, device.Id, kind);
                if (seen.Add(topic))
                {
                    yield return ("write", topic);
                }
            }

            yield return ("read", Topics.Format(device.Commune, device.Service, device.Id, MessageKind.Cmd));
        }
    }
}
