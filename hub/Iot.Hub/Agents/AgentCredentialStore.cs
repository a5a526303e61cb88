using Iot.Contracts;
using Iot.Hub.Storage;

namespace Iot.Hub.Agents;

/// <summary>
/// Salted hashes of the agents' secrets in <c>hub.db</c>. Read at each connect, so a reset takes effect at once. Each
/// secret is stored twice, hashed for the embedded broker (HMAC-SHA256) and for mosquitto's password file
/// (<see cref="MosquittoPasswords"/>), so the one secret works in both modes.
/// </summary>
public sealed class AgentCredentialStore(HubDatabase database, TimeProvider time)
{
    /// <summary>Creates credentials for an agent that has none; returns the secret, or null if the agent already has one.</summary>
    public async Task<string?> AddAsync(string agentId, CancellationToken cancellationToken)
    {
        CheckId(agentId);
        var secret = AgentSecrets.NewSecret();
        var (salt, hash) = AgentSecrets.Hash(secret);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO agent_credentials (agent_id, salt, hash, mosquitto_hash, created_ms, updated_ms) VALUES ($a, $s, $h, $m, $t, $t) ON CONFLICT(agent_id) DO NOTHING";
        command.Parameters.AddWithValue("$a", agentId);
        command.Parameters.AddWithValue("$s", salt);
        command.Parameters.AddWithValue("$h", hash);
        command.Parameters.AddWithValue("$m", MosquittoPasswords.Hash(secret));
        command.Parameters.AddWithValue("$t", now);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? secret : null;
    }

    /// <summary>Replaces an agent's secret; returns the new one, or null if the agent has no credentials.</summary>
    public async Task<string?> ResetAsync(string agentId, CancellationToken cancellationToken)
    {
        CheckId(agentId);
        var secret = AgentSecrets.NewSecret();
        var (salt, hash) = AgentSecrets.Hash(secret);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE agent_credentials SET salt = $s, hash = $h, mosquitto_hash = $m, updated_ms = $t WHERE agent_id = $a";
        command.Parameters.AddWithValue("$a", agentId);
        command.Parameters.AddWithValue("$s", salt);
        command.Parameters.AddWithValue("$h", hash);
        command.Parameters.AddWithValue("$m", MosquittoPasswords.Hash(secret));
        command.Parameters.AddWithValue("$t", time.GetUtcNow().ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? secret : null;
    }

    public async Task<bool> VerifyAsync(string agentId, ReadOnlyMemory<byte> secretUtf8, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT salt, hash FROM agent_credentials WHERE agent_id = $a";
        command.Parameters.AddWithValue("$a", agentId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        return AgentSecrets.Verify(secretUtf8.Span, (byte[])reader[0], (byte[])reader[1]);
    }

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT agent_id FROM agent_credentials ORDER BY agent_id";
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>Every agent with credentials and its mosquitto password hash (null if created before hub.db migration 2).</summary>
    public async Task<IReadOnlyList<MosquittoCredential>> ListMosquittoCredentialsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT agent_id, mosquitto_hash FROM agent_credentials ORDER BY agent_id";
        var credentials = new List<MosquittoCredential>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            credentials.Add(new MosquittoCredential(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return credentials;
    }

    private static void CheckId(string agentId)
    {
        if (!Topics.IsDeviceId(agentId))
        {
            throw new ArgumentException($"'{agentId}' is not a valid agent id ([A-Za-z0-9_-]{{1,64}}).", nameof(agentId));
        }
    }
}
