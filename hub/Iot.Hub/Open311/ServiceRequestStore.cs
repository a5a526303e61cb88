using System.Globalization;
using System.Text;
using Iot.Hub.Storage;
using Microsoft.Data.Sqlite;

namespace Iot.Hub.Open311;

/// <summary>
/// Citizens' service requests in <c>hub.db</c> (migration 7). Also answers the indicators' <see cref="ICitizenReports"/>.
/// </summary>
public sealed class ServiceRequestStore(HubDatabase database) : ICitizenReports
{
    private const string Columns = """
        id, commune_id, service_code, ticket_id, linked, operator_id, district_id, asset_id, description, media_url, lat, lon,
        address, email, reporter_name, closed, status_notes, expected_ms, created_ms, updated_ms, closed_ms, rating, rated_ms,
        rating_token_hash, source
        """;

    public async Task<long> InsertAsync(ServiceRequest r, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(r);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO service_requests ({Columns.Replace("id, commune_id", "commune_id", StringComparison.Ordinal)})
            VALUES ($commune, $service, $ticket, $linked, $operator, $district, $asset, $description, $media, $lat, $lon,
                    $address, $email, $name, $closed, $notes, $expected, $created, $updated, $closedMs, $rating, $rated,
                    $token, $source);
            SELECT last_insert_rowid();
            """;
        object Db(object? value) => value ?? DBNull.Value;
        var p = command.Parameters;
        p.AddWithValue("$commune", r.CommuneId);
        p.AddWithValue("$service", r.ServiceCode);
        p.AddWithValue("$ticket", r.TicketId);
        p.AddWithValue("$linked", r.Linked ? 1 : 0);
        p.AddWithValue("$operator", Db(r.OperatorId));
        p.AddWithValue("$district", Db(r.DistrictId));
        p.AddWithValue("$asset", Db(r.AssetId));
        p.AddWithValue("$description", Db(r.Description));
        p.AddWithValue("$media", Db(r.MediaUrl));
        p.AddWithValue("$lat", r.Latitude);
        p.AddWithValue("$lon", r.Longitude);
        p.AddWithValue("$address", Db(r.Address));
        p.AddWithValue("$email", Db(r.Email));
        p.AddWithValue("$name", Db(r.ReporterName));
        p.AddWithValue("$closed", r.Closed ? 1 : 0);
        p.AddWithValue("$notes", Db(r.StatusNotes));
        p.AddWithValue("$expected", Db(r.ExpectedMs));
        p.AddWithValue("$created", r.CreatedMs);
        p.AddWithValue("$updated", r.UpdatedMs);
        p.AddWithValue("$closedMs", Db(r.ClosedMs));
        p.AddWithValue("$rating", Db(r.Rating));
        p.AddWithValue("$rated", Db(r.RatedMs));
        p.AddWithValue("$token", r.RatingTokenHash);
        p.AddWithValue("$source", r.Source);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// Brings every request of <paramref name="ticketId"/> in line with its ticket; <c>updated_ms</c> moves only for the
    /// requests whose status, notes or deadline change. Returns how many changed.
    /// </summary>
    public async Task<int> FollowTicketAsync(long ticketId, bool closed, long? closedMs, string? statusNotes, long? expectedMs, long atMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE service_requests
            SET closed = $closed, closed_ms = $closedMs, status_notes = $notes, expected_ms = $expected,
                updated_ms = max(updated_ms, $at)
            WHERE ticket_id = $ticket
              AND (closed IS NOT $closed OR closed_ms IS NOT $closedMs OR status_notes IS NOT $notes OR expected_ms IS NOT $expected);
            """;
        command.Parameters.AddWithValue("$ticket", ticketId);
        command.Parameters.AddWithValue("$closed", closed ? 1 : 0);
        command.Parameters.AddWithValue("$closedMs", (object?)closedMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$notes", (object?)statusNotes ?? DBNull.Value);
        command.Parameters.AddWithValue("$expected", (object?)expectedMs ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", atMs);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a rating if the request is closed and not yet rated; false when another rating got there first.</summary>
    public async Task<bool> RateAsync(long id, int rating, long atMs, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE service_requests SET rating = $rating, rated_ms = $at, updated_ms = max(updated_ms, $at)
            WHERE id = $id AND closed = 1 AND rating IS NULL;
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$rating", rating);
        command.Parameters.AddWithValue("$at", atMs);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<ServiceRequest?> FindAsync(long id, CancellationToken cancellationToken)
    {
        var rows = await SelectAsync("WHERE id = $id", c => c.Parameters.AddWithValue("$id", id), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>The ids of the tickets that still have open requests (to catch up with ticket changes after a restart).</summary>
    public async Task<IReadOnlyList<long>> TicketsOfOpenRequestsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT ticket_id FROM service_requests WHERE closed = 0;";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var ids = new List<long>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>One page of requests matching <paramref name="query"/>, newest first, and the total count.</summary>
    public async Task<(IReadOnlyList<ServiceRequest> Items, long Total)> QueryAsync(ServiceRequestQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new SqlFilter();
        if (query.CommuneId is { } commune)
        {
            filter.Add("commune_id = $commune", "$commune", commune);
        }

        if (query.Ids is { } ids)
        {
            filter.AddIn("id", "id", ids);
        }
        else
        {
            if (query.ServiceCodes is { } codes)
            {
                filter.AddIn("service_code", "code", codes);
            }

            if (query.Closed is { } closed)
            {
                filter.Add("closed = $closed", "$closed", closed ? 1 : 0);
            }

            if (query.FromMs is { } from)
            {
                filter.Add("created_ms >= $from", "$from", from);
            }

            if (query.ToMs is { } to)
            {
                filter.Add("created_ms <= $to", "$to", to);
            }
        }

        var total = await filter.CountAsync(database, "service_requests", cancellationToken);
        var rows = await SelectAsync($"{filter.Where} ORDER BY created_ms DESC, id DESC {SqlFilter.Page(query.Page, query.PageSize)}", filter.Bind, cancellationToken);
        return (rows, total);
    }

    public async Task<IReadOnlyList<CitizenReportFact>> ListAsync(long fromMs, long toMs, CancellationToken cancellationToken)
    {
        var rows = await SelectAsync(
            "WHERE (created_ms >= $from AND created_ms < $to) OR (closed_ms >= $from AND closed_ms < $to) ORDER BY created_ms, id",
            c =>
            {
                c.Parameters.AddWithValue("$from", fromMs);
                c.Parameters.AddWithValue("$to", toMs);
            },
            cancellationToken);
        return [.. rows.Select(r => new CitizenReportFact(
            r.Id.ToString(CultureInfo.InvariantCulture), r.ServiceCode, r.OperatorId, r.DistrictId, r.TicketId, r.CreatedMs, r.ClosedMs, r.Rating))];
    }

    private async Task<IReadOnlyList<ServiceRequest>> SelectAsync(string tail, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM service_requests {tail};";
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<ServiceRequest>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ServiceRequest(
                Id: reader.GetInt64(0), CommuneId: reader.GetString(1), ServiceCode: reader.GetString(2), TicketId: reader.GetInt64(3),
                Linked: reader.GetInt64(4) != 0, OperatorId: Text(reader, 5), DistrictId: Text(reader, 6), AssetId: Text(reader, 7),
                Description: Text(reader, 8), MediaUrl: Text(reader, 9), Latitude: reader.GetDouble(10), Longitude: reader.GetDouble(11),
                Address: Text(reader, 12), Email: Text(reader, 13), ReporterName: Text(reader, 14), Closed: reader.GetInt64(15) != 0,
                StatusNotes: Text(reader, 16), ExpectedMs: Number(reader, 17), CreatedMs: reader.GetInt64(18), UpdatedMs: reader.GetInt64(19),
                ClosedMs: Number(reader, 20), Rating: reader.IsDBNull(21) ? null : reader.GetInt32(21), RatedMs: Number(reader, 22),
                RatingTokenHash: (byte[])reader.GetValue(23), Source: reader.GetString(24)));
        }

        return result;
    }

    private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static long? Number(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);
}
