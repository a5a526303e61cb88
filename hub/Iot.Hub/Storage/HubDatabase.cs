using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Storage;

/// <summary>
/// The relational database (<c>hub.db</c> under <c>Storage:DataDir</c>): agents' credentials, tickets and their audit,
/// alert deliveries, users. Schema changes are numbered migrations applied in order at start, recorded in <c>schema_migrations</c>.
/// </summary>
public sealed class HubDatabase : IDisposable
{
    private static readonly (int Version, string Name, string Sql)[] Migrations =
    [
        (1, "agent credentials", """
            CREATE TABLE agent_credentials (
                agent_id TEXT PRIMARY KEY,
                salt BLOB NOT NULL,
                hash BLOB NOT NULL,
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL);
            """),
        // The same secret hashed the way mosquitto's password file wants it ($7$, PBKDF2-SHA512), so
        // `agents export-mosquitto` needs no secret. Null for secrets created before this migration.
        (2, "mosquitto password hash", """
            ALTER TABLE agent_credentials ADD COLUMN mosquitto_hash TEXT;
            """),
        // Tickets and their audit trail; comments are audit lines with the action `commented`.
        (3, "tickets", """
            CREATE TABLE tickets (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                dedup_key TEXT NOT NULL,
                status TEXT NOT NULL,
                rule TEXT NOT NULL,
                severity TEXT NOT NULL,
                service TEXT NOT NULL,
                device_id TEXT,
                group_id TEXT,
                commune_id TEXT NOT NULL,
                district_id TEXT,
                lon REAL NOT NULL,
                lat REAL NOT NULL,
                summary TEXT NOT NULL,
                operator_id TEXT,
                contract_id TEXT,
                unrouted INTEGER NOT NULL,
                parent_id INTEGER REFERENCES tickets(id),
                opened_ms INTEGER NOT NULL,
                acknowledged_ms INTEGER,
                resolved_ms INTEGER,
                closed_ms INTEGER,
                ack_due_ms INTEGER,
                repair_due_ms INTEGER,
                resolution TEXT,
                flaps INTEGER NOT NULL DEFAULT 0,
                last_seen_ms INTEGER NOT NULL,
                clear_since_ms INTEGER);
            CREATE INDEX tickets_by_key ON tickets (dedup_key, id);
            CREATE INDEX tickets_by_status ON tickets (status, opened_ms);
            CREATE INDEX tickets_by_operator ON tickets (operator_id, opened_ms);
            CREATE TABLE ticket_audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                ticket_id INTEGER NOT NULL REFERENCES tickets(id),
                at_ms INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                detail TEXT);
            CREATE INDEX ticket_audit_by_ticket ON ticket_audit (ticket_id, id);
            """),
        // Alerts: the durable outbox of deliveries (webhook, e-mail, MQTT) and the reminders/escalations already fired.
        (4, "alert deliveries", """
            CREATE TABLE alert_deliveries (
                id TEXT PRIMARY KEY,
                ticket_id INTEGER NOT NULL,
                event TEXT NOT NULL,
                channel TEXT NOT NULL,
                recipient TEXT NOT NULL,
                target TEXT NOT NULL,
                subject TEXT,
                payload TEXT NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_ms INTEGER NOT NULL,
                last_error TEXT,
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL);
            CREATE INDEX alert_deliveries_due ON alert_deliveries (status, next_attempt_ms);
            CREATE INDEX alert_deliveries_ticket ON alert_deliveries (ticket_id);
            CREATE TABLE alert_reminders (
                ticket_id INTEGER NOT NULL,
                step TEXT NOT NULL,
                due_ms INTEGER NOT NULL,
                fired_ms INTEGER NOT NULL,
                PRIMARY KEY (ticket_id, step, due_ms));
            """),
        // People who sign in (hub/Iot.Hub/Users): role admin|manager|operator|technician, operator_id only for the role
        // operator, password_hash self-describing (pbkdf2-sha256$iterations$salt$hash), created_at in Unix ms.
        // Names are unique regardless of case, so "Admin" and "admin" cannot be two people.
        (5, "users", """
            CREATE TABLE users (
                name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                role TEXT NOT NULL,
                operator_id TEXT,
                password_hash TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                disabled INTEGER NOT NULL DEFAULT 0);
            """),
        // Indicators: per-asset state intervals (an interval runs from its start to the asset's next row of the same kind),
        // the daily roll-ups computed from them and the tickets, which days are rolled up, and the state recorder's
        // heartbeat (after a crash, the time since the last beat is unknown, not what was recorded before it).
        (6, "indicators", """
            CREATE TABLE asset_states (
                asset_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                start_ms INTEGER NOT NULL,
                state TEXT NOT NULL,
                PRIMARY KEY (asset_id, kind, start_ms)) WITHOUT ROWID;
            CREATE INDEX asset_states_by_time ON asset_states (kind, start_ms);
            CREATE TABLE indicator_days (
                commune_id TEXT NOT NULL,
                day TEXT NOT NULL,
                service TEXT NOT NULL,
                operator_id TEXT NOT NULL,
                district_id TEXT NOT NULL,
                assets INTEGER NOT NULL,
                due_ms INTEGER NOT NULL,
                up_ms INTEGER NOT NULL,
                down_ms INTEGER NOT NULL,
                unknown_ms INTEGER NOT NULL,
                full_ms INTEGER NOT NULL,
                fill_known_ms INTEGER NOT NULL,
                fill_total_ms INTEGER NOT NULL,
                faults INTEGER NOT NULL,
                acked INTEGER NOT NULL,
                ack_sum_ms INTEGER NOT NULL,
                repaired INTEGER NOT NULL,
                repair_sum_ms INTEGER NOT NULL,
                ack_due INTEGER NOT NULL,
                ack_met INTEGER NOT NULL,
                repair_due INTEGER NOT NULL,
                repair_met INTEGER NOT NULL,
                interruptions INTEGER NOT NULL,
                PRIMARY KEY (commune_id, day, service, operator_id, district_id));
            CREATE TABLE indicator_rollups (
                commune_id TEXT NOT NULL,
                day TEXT NOT NULL,
                computed_ms INTEGER NOT NULL,
                PRIMARY KEY (commune_id, day));
            CREATE TABLE indicator_heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), at_ms INTEGER NOT NULL);
            CREATE INDEX tickets_by_opened ON tickets (opened_ms);
            CREATE INDEX tickets_by_acknowledged ON tickets (acknowledged_ms);
            CREATE INDEX tickets_by_resolved ON tickets (resolved_ms);
            CREATE INDEX tickets_by_ack_due ON tickets (ack_due_ms);
            CREATE INDEX tickets_by_repair_due ON tickets (repair_due_ms);
            """),
        // Open311: citizens' service requests, each opening a ticket or linked to one; status follows the ticket.
        (7, "service requests", """
            CREATE TABLE service_requests (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                commune_id TEXT NOT NULL,
                service_code TEXT NOT NULL,
                ticket_id INTEGER NOT NULL,
                linked INTEGER NOT NULL,
                operator_id TEXT,
                district_id TEXT,
                asset_id TEXT,
                description TEXT,
                media_url TEXT,
                lat REAL NOT NULL,
                lon REAL NOT NULL,
                address TEXT,
                email TEXT,
                reporter_name TEXT,
                closed INTEGER NOT NULL,
                status_notes TEXT,
                expected_ms INTEGER,
                created_ms INTEGER NOT NULL,
                updated_ms INTEGER NOT NULL,
                closed_ms INTEGER,
                rating INTEGER,
                rated_ms INTEGER,
                rating_token_hash BLOB NOT NULL,
                source TEXT NOT NULL);
            CREATE INDEX service_requests_by_created ON service_requests (commune_id, created_ms);
            CREATE INDEX service_requests_by_ticket ON service_requests (ticket_id);
            CREATE INDEX service_requests_by_closed ON service_requests (closed_ms);
            """),
    ];

    private readonly string _connectionString;
    private readonly TimeProvider _time;
    // Openers wait for the first one's migration: without the lock a concurrent opener ran queries on tables not yet created.
    private readonly SemaphoreSlim _migrationLock = new(1, 1);
    private volatile bool _migrated;

    public HubDatabase(IOptions<StorageOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        FilePath = Path.Combine(options.Value.FullDataDir, "hub.db");
        _connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true }.ToString();
    }

    public string FilePath { get; }

    public void Dispose() => _migrationLock.Dispose();

    /// <summary>Opens a connection, creating and migrating the database on first use.</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!_migrated)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout=5000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!_migrated)
        {
            await _migrationLock.WaitAsync(cancellationToken);
            try
            {
                if (!_migrated)
                {
                    await MigrateAsync(connection, cancellationToken);
                    _migrated = true;
                }
            }
            finally
            {
                _migrationLock.Release();
            }
        }

        return connection;
    }

    private async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms INTEGER NOT NULL);
                """;
            await setup.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var (version, name, sql) in Migrations)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "SELECT count(*) FROM schema_migrations WHERE version = $v";
            check.Parameters.AddWithValue("$v", version);
            if ((long)(await check.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                continue;
            }

            await using var apply = connection.CreateCommand();
            apply.Transaction = transaction;
            apply.CommandText = sql + "\nINSERT INTO schema_migrations (version, name, applied_ms) VALUES ($v, $n, $t);";
            apply.Parameters.AddWithValue("$v", version);
            apply.Parameters.AddWithValue("$n", name);
            apply.Parameters.AddWithValue("$t", _time.GetUtcNow().ToUnixTimeMilliseconds());
            await apply.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
