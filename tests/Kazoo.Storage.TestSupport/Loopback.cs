using System.Net;
using System.Net.Sockets;

namespace Kazoo.Storage.TestSupport;

/// <summary>Addresses on 127.0.0.1 for tests of unreachable servers.</summary>
public static class Loopback
{
    /// <summary>A port of 127.0.0.1 where nothing listens (it was free a moment ago): a connection to it is refused.</summary>
    public static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>An <c>http</c> URL on <see cref="ClosedPort"/>.</summary>
    /// <param name="path">The path after the port's slash.</param>
    public static Uri ClosedUrl(string path = "") => new($"http://127.0.0.1:{ClosedPort()}/{path}");
}
