using System.Net;
using System.Net.Sockets;

namespace Recert.Api.Infrastructure.Security;

public static class ClientAddress
{
    /// <summary>
    /// The rate-limit partition of the caller's address (the real client's once forwarded headers from a known proxy
    /// are applied). An IPv6 client gets its /64, since one host can choose freely among the addresses of its subnet.
    /// </summary>
    public static string PartitionKey(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = address.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return new IPAddress(bytes) + "/64";
        }

        return address.ToString();
    }
}
