using System.Net;
using System.Net.Sockets;

namespace Recert.Api.Features.Webhooks;

/// <summary>What an IP address is, as far as deciding whether a webhook may be sent there.</summary>
public enum AddressKind
{
    Public,
    Unspecified,
    Loopback,
    Private,
    LinkLocal,
    SharedAddressSpace,
    UniqueLocal,
    Multicast,
    Broadcast,
    Reserved,
}

/// <summary>
/// Classifies IP addresses (pure, no I/O). IPv6 forms that carry an IPv4 address (mapped ::ffff:a.b.c.d, compatible
/// ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address they carry, so
/// <c>[::ffff:127.0.0.1]</c> is loopback like 127.0.0.1.
/// </summary>
public static class NetworkAddresses
{
    public static AddressKind Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyV4(address.GetAddressBytes());
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return AddressKind.Reserved;
        }

        var b = address.GetAddressBytes();
        if (b.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && b[10] == 0xff && b[11] == 0xff)
        {
            return ClassifyV4(b[12..16]);
        }

        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
        {
            if (b.AsSpan(12).IndexOfAnyExcept((byte)0) < 0)
            {
                return AddressKind.Unspecified;
            }

            return b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 1 ? AddressKind.Loopback : ClassifyV4(b[12..16]);
        }

        if (Starts(b, 0x00, 0x64, 0xff, 0x9b) && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            return ClassifyV4(b[12..16]);
        }

        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return ClassifyV4(b[2..6]);
        }

        if ((b[0] & 0xfe) == 0xfc)
        {
            return AddressKind.UniqueLocal;
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
        {
            return AddressKind.LinkLocal;
        }

        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0)
        {
            // Site-local (fec0::/10): deprecated, but still routed inside some networks.
            return AddressKind.Private;
        }

        if (b[0] == 0xff)
        {
            return AddressKind.Multicast;
        }

        // Outside global unicast 2000::/3, or inside it but documentation (2001:db8::/32), Teredo (2001::/32, an IPv4
        // address hidden inside), benchmarking (2001:2::/48), ORCHID (2001:10::/28, 2001:20::/28), local NAT64 (64:ff9b:1::/48).
        if ((b[0] & 0xe0) != 0x20
            || Starts(b, 0x20, 0x01, 0x0d, 0xb8)
            || Starts(b, 0x20, 0x01, 0x00, 0x00)
            || Starts(b, 0x20, 0x01, 0x00, 0x02) && b[4] == 0 && b[5] == 0
            || b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] is >= 0x10 and <= 0x2f)
        {
            return AddressKind.Reserved;
        }

        return AddressKind.Public;
    }

    static bool Starts(byte[] bytes, byte b0, byte b1, byte b2, byte b3)
        => bytes[0] == b0 && bytes[1] == b1 && bytes[2] == b2 && bytes[3] == b3;

    static AddressKind ClassifyV4(byte[] b) => (b[0], b[1], b[2], b[3]) switch
    {
        (0, 0, 0, 0) => AddressKind.Unspecified,
        (0, _, _, _) => AddressKind.Reserved,
        (127, _, _, _) => AddressKind.Loopback,
        (10, _, _, _) => AddressKind.Private,
        (172, >= 16 and <= 31, _, _) => AddressKind.Private,
        (192, 168, _, _) => AddressKind.Private,
        (169, 254, _, _) => AddressKind.LinkLocal,
        (100, >= 64 and <= 127, _, _) => AddressKind.SharedAddressSpace,
        (255, 255, 255, 255) => AddressKind.Broadcast,
        ( >= 224 and <= 239, _, _, _) => AddressKind.Multicast,
        ( >= 240, _, _, _) => AddressKind.Reserved,
        (192, 0, 0, _) or (192, 0, 2, _) or (192, 88, 99, _) or (198, 18 or 19, _, _) or (198, 51, 100, _) or (203, 0, 113, _) => AddressKind.Reserved,
        _ => AddressKind.Public,
    };
}
