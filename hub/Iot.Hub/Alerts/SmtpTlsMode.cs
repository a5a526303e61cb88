namespace Iot.Hub.Alerts;

/// <summary>How the hub speaks TLS to its SMTP server.</summary>
public enum SmtpTlsMode
{
    /// <summary>Plain SMTP (a relay on localhost).</summary>
    None,

    /// <summary>STARTTLS required (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,

    /// <summary>STARTTLS when the server offers it.</summary>
    Auto,
}
