using System.ComponentModel;
using System.Diagnostics;

namespace Iot.Hub.Tests.Deployment;

/// <summary>
/// A compose file as <c>docker-compose config</c> normalises it (variables interpolated, keys sorted, two-space
/// indentation), read just far enough to list a service's environment: no YAML package is pinned for the tests.
/// </summary>
public sealed class ComposeFile
{
    private readonly string[] _lines;

    private ComposeFile(string normalized)
    {
        Normalized = normalized;
        _lines = normalized.Split('\n');
    }

    public string Normalized { get; }

    /// <summary>Runs <c>docker-compose -f path config</c>; throws with its error output when it refuses the file.</summary>
    public static async Task<ComposeFile> LoadAsync(string path, IReadOnlyDictionary<string, string> variables)
    {
        var (code, stdout, stderr) = await RunConfigAsync(path, variables);
        if (code != 0)
        {
            throw new InvalidOperationException($"docker-compose config refused {path} (exit {code}):\n{stderr}");
        }

        return new ComposeFile(stdout);
    }

    public static async Task<(int Code, string Stdout, string Stderr)> RunConfigAsync(string path, IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var start = new ProcessStartInfo("docker-compose")
        {
            ArgumentList = { "-f", path, "config" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(path)!,
        };
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("docker-compose is not installed; ./test.sh installs it (Debian package 'docker-compose').", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (process.ExitCode, await stdout, await stderr);
        }
    }

    /// <summary>The <c>environment</c> mapping of <paramref name="service"/> (empty when it has none).</summary>
    public IReadOnlyDictionary<string, string?> Environment(string service)
    {
        var block = Block(Block(Block(0, _lines.Length, 0, "services"), 2, service), 4, "environment");
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        string? last = null;
        for (var i = block.Start; i < block.End; i++)
        {
            var line = _lines[i];
            if (Indent(line) > 6 && last is not null)
            {
                environment[last] += " " + line.Trim(); // a long value folded onto the next line
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            last = line[..colon].Trim();
            environment[last] = Unquote(line[(colon + 1)..].Trim());
        }

        return environment;
    }

    private (int Start, int End) Block((int Start, int End) within, int indent, string key) => Block(within.Start, within.End, indent, key);

    /// <summary>The lines inside <c>key:</c> found at <paramref name="indent"/> between two line numbers.</summary>
    private (int Start, int End) Block(int start, int end, int indent, string key)
    {
        var header = new string(' ', indent) + key + ":";
        for (var i = start; i < end; i++)
        {
            if (_lines[i] == header)
            {
                var j = i + 1;
                while (j < end && (_lines[j].Length == 0 || Indent(_lines[j]) > indent))
                {
                    j++;
                }

                return (i + 1, j);
            }
        }

        return (start, start);
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;

    private static string? Unquote(string value) =>
        value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0] ? value[1..^1] : value.Length == 0 ? null : value;
}
