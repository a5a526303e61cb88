namespace Iot.Hub.Alerts;

/// <summary>The <c>Alerts:Smtp</c> section. Without <see cref="Host"/> no e-mail is sent.</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>Sender address, required with <see cref="Host"/>.</summary>
    public string? From { get; set; }

    public SmtpTlsMode Tls { get; set; } = SmtpTlsMode.Auto;

    /// <summary>User name; empty: no authentication.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }
}
