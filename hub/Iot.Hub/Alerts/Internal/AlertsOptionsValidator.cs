using System.Net.Mail;
using Iot.City;
using Iot.Contracts;
using Iot.Hub.Devices;
using Iot.Hub.Internal;
using Microsoft.Extensions.Options;

namespace Iot.Hub.Alerts.Internal;

/// <summary>Checks the <c>Alerts</c> section against itself and the city file; each message names the full key.</summary>
internal sealed class AlertsOptionsValidator(IServiceProvider services) : IValidateOptions<AlertsOptions>
{
    public static readonly string[] Languages = ["fr", "ar", "en"];

    public ValidateOptionsResult Validate(string? name, AlertsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var city = services.GetService<DeviceRegistry>()?.City;
        var errors = Check(options, city);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static List<string> Check(AlertsOptions options, CityModel? city)
    {
        const string S = AlertsOptions.SectionName;
        // The static ranges are [Range] attributes on the options; what depends on other keys or the city is checked here.
        var errors = new List<string>(SectionValidatorExtensions.SectionErrors(options, S));
        errors.AddRange(SectionValidatorExtensions.SectionErrors(options.Webhook, $"{S}:Webhook"));
        if (!Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            errors.Add($"{S}:PublicBaseUrl: '{options.PublicBaseUrl}' is not an absolute http(s) URL.");
        }

        var w = options.Webhook;
        if (w.MaxDelayMs < w.BaseDelayMs || w.MaxDelayMs > 86_400_000)
        {
            errors.Add($"{S}:Webhook:MaxDelayMs: {w.MaxDelayMs} must be at least Webhook:BaseDelayMs and at most 86400000.");
        }

        var smtp = options.Smtp;
        if (!string.IsNullOrWhiteSpace(smtp.Host))
        {
            if (smtp.Port is < 1 or > 65535)
            {
                errors.Add($"{S}:Smtp:Port: {smtp.Port} is outside 1-65535.");
            }

            if (!IsEmail(smtp.From))
            {
                errors.Add($"{S}:Smtp:From: '{smtp.From}' is not an e-mail address (required with Alerts:Smtp:Host).");
            }

            if (!string.IsNullOrEmpty(smtp.User) && smtp.Password is null)
            {
                errors.Add($"{S}:Smtp:Password: required with Alerts:Smtp:User.");
            }
        }

        for (var i = 0; i < options.Subscriptions.Count; i++)
        {
            var sub = options.Subscriptions[i];
            var key = $"{S}:Subscriptions:{i}";
            var op = city?.Operators.FirstOrDefault(o => o.Id == sub.OperatorId);
            if (string.IsNullOrWhiteSpace(sub.OperatorId))
            {
                errors.Add($"{key}:OperatorId: required.");
            }
            else if (city is not null && op is null)
            {
                errors.Add($"{key}:OperatorId: '{sub.OperatorId}' is not an operator of the city file.");
            }

            for (var j = 0; j < sub.Services.Count; j++)
            {
                if (!ServiceKinds.TryParse(sub.Services[j], out _))
                {
                    errors.Add($"{key}:Services:{j}: '{sub.Services[j]}' is not a service (streetlight, cabinet, wastebin, bus).");
                }
            }

            if (!SlaSeverities.All.Contains(sub.MinSeverity))
            {
                errors.Add($"{key}:MinSeverity: '{sub.MinSeverity}' is not low, medium, high or critical.");
            }

            if (!string.IsNullOrEmpty(sub.Language) && !Languages.Contains(sub.Language))
            {
                errors.Add($"{key}:Language: '{sub.Language}' is not fr, ar or en.");
            }

            CheckWebhook(errors, key, sub.WebhookUrl, sub.WebhookSecret);
            if (!string.IsNullOrEmpty(sub.MqttPassword) && sub.MqttPassword.Length < 16)
            {
                errors.Add($"{key}:MqttPassword: at least 16 characters.");
            }
            else if (!string.IsNullOrEmpty(sub.MqttPassword) && !sub.Mqtt)
            {
                errors.Add($"{key}:MqttPassword: set while {key}:Mqtt is false (nothing would be published to it).");
            }

            if (!string.IsNullOrEmpty(sub.Email) && !IsEmail(sub.Email))
            {
                errors.Add($"{key}:Email: '{sub.Email}' is not an e-mail address.");
            }

            if (sub.EmailEnabled && string.IsNullOrWhiteSpace(smtp.Host) && (!string.IsNullOrEmpty(sub.Email)))
            {
                errors.Add($"{key}:Email: an address is set but Alerts:Smtp:Host is not (set Alerts:Smtp:Host or EmailEnabled=false).");
            }
        }

        for (var i = 0; i < options.Escalation.Count; i++)
        {
            var contact = options.Escalation[i];
            var key = $"{S}:Escalation:{i}";
            if (string.IsNullOrWhiteSpace(contact.CommuneId))
            {
                errors.Add($"{key}:CommuneId: required.");
            }
            else if (city is not null && !city.Communes.Any(c => c.Id == contact.CommuneId))
            {
                errors.Add($"{key}:CommuneId: '{contact.CommuneId}' is not a commune of the city file.");
            }

            if (!Languages.Contains(contact.Language))
            {
                errors.Add($"{key}:Language: '{contact.Language}' is not fr, ar or en.");
            }

            for (var j = 0; j < contact.Emails.Count; j++)
            {
                if (!IsEmail(contact.Emails[j]))
                {
                    errors.Add($"{key}:Emails:{j}: '{contact.Emails[j]}' is not an e-mail address.");
                }
            }

            if (contact.Emails.Count > 0 && string.IsNullOrWhiteSpace(smtp.Host))
            {
                errors.Add($"{key}:Emails: addresses are set but Alerts:Smtp:Host is not.");
            }

            CheckWebhook(errors, key, contact.WebhookUrl, contact.WebhookSecret);
        }

        return errors;
    }

    private static void CheckWebhook(List<string> errors, string key, string? url, string? secret)
    {
        if (string.IsNullOrEmpty(url))
        {
            return;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add($"{key}:WebhookUrl: '{url}' is not an absolute http(s) URL.");
        }

        if (string.IsNullOrEmpty(secret) || secret.Length < 16)
        {
            errors.Add($"{key}:WebhookSecret: required with WebhookUrl, at least 16 characters.");
        }
    }

    private static bool IsEmail(string? text) => !string.IsNullOrWhiteSpace(text) && MailAddress.TryCreate(text, out _);
}
