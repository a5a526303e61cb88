using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace Iot.Hub.Storage;

/// <summary>
/// A <c>WHERE</c> clause built from optional conditions with their parameters, for the paged listings of
/// <c>hub.db</c> (tickets, service requests): the count of matching rows and the <c>LIMIT/OFFSET</c> of a page.
/// </summary>
internal sealed class SqlFilter
{
    private readonly StringBuilder _where = new("WHERE 1 = 1");
    private readonly List<(string Name, object Value)> _parameters = [];

    public string Where => _where.ToString();

    /// <summary>Adds <c>AND {condition}</c> with one parameter named in it.</summary>
    public void Add(string condition, string name, object value)
    {
        _where.Append(" AND ").Append(condition);
        _parameters.Add((name, value));
    }

    /// <summary>Adds <c>AND {column} IN ($prefix0, $prefix1, …)</c>.</summary>
    public void AddIn<T>(string column, string prefix, IReadOnlyCollection<T> values)
        where T : notnull
    {
        _where.Append(" AND ").Append(column).Append(" IN (")
            .AppendJoin(", ", values.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"${prefix}{i}"))).Append(')');
        _parameters.AddRange(values.Select((value, i) => (string.Create(CultureInfo.InvariantCulture, $"${prefix}{i}"), (object)value)));
    }

    public void Bind(SqliteCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var (name, value) in _parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
    }

    /// <summary>How many rows of <paramref name="table"/> match.</summary>
    public async Task<long> CountAsync(HubDatabase database, string table, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var count = connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM {table} {Where};";
        Bind(count);
        return (long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary><c>LIMIT … OFFSET …</c> of page <paramref name="page"/> (from 1).</summary>
    public static string Page(int page, int pageSize) =>
        string.Create(CultureInfo.InvariantCulture, $"LIMIT {pageSize} OFFSET {(long)(page - 1) * pageSize}");
}
