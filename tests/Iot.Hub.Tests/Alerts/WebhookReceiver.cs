using System.Collections.Concurrent;
using System.Net;
using Iot.Hub.Alerts;
using Iot.Testing;

namespace Iot.Hub.Tests.Alerts;

/// <summary>
/// A real HTTP receiver on a loopback port (HttpListener): it verifies each request's signature as a real receiver
/// would, records it, and answers with the status <see cref="Respond"/> chooses.
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _secret;
    private readonly Task _loop;

    public WebhookReceiver(string secret, Func<Received, int> respond)
    {
        _secret = secret;
        Respond = respond;
        Port = FreeTcpPort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public sealed record Received(string Path, string? Delivery, string? Event, string? Timestamp, string? Signature, bool SignatureValid, string Body, int Status);

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public Func<Received, int> Respond { get; set; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var h = context.Request.Headers;
            var valid = WebhookSignature.Verify(
                _secret, h[WebhookSignature.TimestampHeader], h[WebhookSignature.SignatureHeader], body, DateTimeOffset.UtcNow, WebhookSignature.DefaultTolerance);
            var received = new Received(
                context.Request.Url!.AbsolutePath, h[WebhookSignature.DeliveryHeader], h[WebhookSignature.EventHeader], h[WebhookSignature.TimestampHeader],
                h[WebhookSignature.SignatureHeader], valid, System.Text.Encoding.UTF8.GetString(body), 0);
            var status = valid ? Respond(received) : 401;
            Requests.Enqueue(received with { Status = status });
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
