using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Recert.Tests.Support;

/// <summary>
/// A TCP proxy in front of PostgreSQL that can lose a COMMIT's reply: once armed, it forwards the next COMMIT to the
/// server, lets the server commit, then resets the client's connection without passing the answer back. The client
/// sees an I/O error while the transaction is committed: exactly the "commit outcome unknown" case.
/// </summary>
public sealed class CuttingProxy : IDisposable
{
    static readonly byte[] Commit = Encoding.ASCII.GetBytes("COMMIT\0");

    readonly TcpListener listener = new(IPAddress.Loopback, 0);
    readonly string targetHost;
    readonly int targetPort;
    readonly CancellationTokenSource stopping = new();
    int armed;

    public CuttingProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public int CommitsCut { get; private set; }

    public void ArmCutAfterNextCommit() => Interlocked.Exchange(ref armed, 1);

    async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient();
        using (client)
        {
            try
            {
                await server.ConnectAsync(targetHost, targetPort, stopping.Token);
                var severed = new StrongBox<bool>();
                var toServer = PumpAsync(client, server, severed, watchForCommit: true);
                var toClient = PumpAsync(server, client, severed, watchForCommit: false);
                await Task.WhenAny(toServer, toClient);
            }
            catch (Exception)
            {
                // A relay ends when either side goes away.
            }
        }
    }

    async Task PumpAsync(TcpClient from, TcpClient to, StrongBox<bool> severed, bool watchForCommit)
    {
        var buffer = new byte[64 * 1024];
        var input = from.GetStream();
        var output = to.GetStream();
        while (true)
        {
            var read = await input.ReadAsync(buffer, stopping.Token);
            if (read == 0)
            {
                return;
            }

            var cut = watchForCommit && buffer.AsSpan(0, read).IndexOf(Commit) >= 0 && Interlocked.Exchange(ref armed, 0) == 1;
            if (cut)
            {
                // From now on nothing the server says reaches the client.
                severed.Value = true;
            }

            if (severed.Value && !watchForCommit)
            {
                continue;
            }

            await output.WriteAsync(buffer.AsMemory(0, read), stopping.Token);
            if (cut)
            {
                CommitsCut++;
                await Task.Delay(500, stopping.Token);
                from.Client.LingerState = new LingerOption(true, 0);
                from.Close();
                to.Close();
                return;
            }
        }
    }

    public void Dispose()
    {
        stopping.Cancel();
        listener.Stop();
    }
}
