using System.Net;
using Microsoft.AspNetCore.Http;
using Recert.Api.Infrastructure.Security;

namespace Recert.Tests.Security;

public sealed class ClientAddressTests
{
    [TestCase("203.0.113.9", "203.0.113.9")]
    [TestCase("::ffff:203.0.113.9", "203.0.113.9")]
    [TestCase("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64")]
    [TestCase("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64")]
    [TestCase("2001:db8:1:3::1", "2001:db8:1:3::/64")]
    public void An_IPv6_client_is_limited_by_its_64_an_IPv4_client_by_its_address(string address, string partition)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(address);
        Assert.That(ClientAddress.PartitionKey(context), Is.EqualTo(partition));
    }

    [Test]
    public void Without_an_address_the_partition_is_shared()
        => Assert.That(ClientAddress.PartitionKey(new DefaultHttpContext()), Is.EqualTo("unknown"));
}
