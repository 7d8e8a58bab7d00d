using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Recert.Api.Infrastructure;

namespace Recert.Api.Features.Webhooks;

/// <summary>The connection to a webhook destination was refused because the address is not allowed (see <see cref="WebhookDestinations"/>).</summary>
public sealed class WebhookDestinationRefusedException() : Exception("The webhook destination is not allowed.");

/// <summary>
/// Where webhooks may go (OWASP API7, SSRF): public internet addresses only, unless configuration allows private
/// networks or lists CIDRs. Checked twice: when an endpoint is registered (the host is resolved) and on every connection,
/// against the address actually connected to, so a name that later resolves to an internal address (DNS rebinding) is
/// refused too. Unspecified, multicast and broadcast addresses are never allowed.
/// </summary>
public sealed class WebhookDestinations(IOptionsMonitor<WebhookOptions> options)
{
    public const string NotAllowedCode = "webhook.destination-not-allowed";
    public const string HttpsRequiredCode = "webhook.https-required";
    public const string RefusedLogText = "refused: destination not allowed";

    static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(5);

    public bool IsAllowed(IPAddress address)
    {
        var kind = NetworkAddresses.Classify(address);
        if (kind == AddressKind.Public)
        {
            return true;
        }

        if (kind is AddressKind.Unspecified or AddressKind.Multicast or AddressKind.Broadcast)
        {
            return false;
        }

        var settings = options.CurrentValue;
        if (settings.AllowPrivateNetworks)
        {
            return true;
        }

        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return settings.AllowedNetworks.Any(network => IPNetwork.TryParse(network, out var parsed) && parsed.Contains(plain));
    }

    public bool IsSchemeAllowed(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && options.CurrentValue.AllowHttp);

    /// <summary>
    /// At registration: refuses http (unless allowed) and hosts that are, or resolve to, an address that is not allowed.
    /// A name that does not resolve now is accepted: the check at connection time still applies when it does.
    /// </summary>
    public async Task EnsureAllowedAsync(string url, CancellationToken cancellationToken)
    {
        var uri = new Uri(url.Trim(), UriKind.Absolute);
        if (!IsSchemeAllowed(uri))
        {
            throw new RuleViolationException(HttpsRequiredCode, "Webhook URLs must use https://.");
        }

        var addresses = await ResolveAsync(uri.IdnHost, cancellationToken);
        if (addresses.Any(a => !IsAllowed(a)) || IsLocalName(uri.IdnHost))
        {
            throw new RuleViolationException(NotAllowedCode,
                "Webhooks can only be sent to public internet addresses; this URL names a loopback, private, link-local or otherwise reserved address.");
        }
    }

    /// <summary>The ConnectCallback of the webhook HttpClient: resolves, checks every address, connects, and checks the address connected to.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);
        if (addresses.Length == 0 || addresses.Any(a => !IsAllowed(a)) || IsLocalName(host))
        {
            throw new WebhookDestinationRefusedException();
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            if (socket.RemoteEndPoint is not IPEndPoint connected || !IsAllowed(connected.Address))
            {
                throw new WebhookDestinationRefusedException();
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    static bool IsLocalName(string host)
        => host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        // IPAddress.TryParse reads the inet_aton forms too (2130706433, 0x7f.1, 0177.0.0.1), as the socket layer would.
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return [literal];
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ResolveTimeout);
        try
        {
            return await Dns.GetHostAddressesAsync(host, timeout.Token);
        }
        catch (Exception exception) when (exception is SocketException || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return [];
        }
    }
}
