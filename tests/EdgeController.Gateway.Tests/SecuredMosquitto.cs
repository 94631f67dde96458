using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeController.Gateway.Tests;

/// <summary>
/// Debian's mosquitto as an operator runs it: no anonymous clients, a password file made with
/// mosquitto_passwd, the project's shipped ACL (tools/mosquitto/edgecontroller.acl), a plain
/// listener and a TLS listener whose CA and certificate the test makes with openssl. All on
/// 127.0.0.1 at free ports; its default queue limits.
/// </summary>
public sealed class SecuredMosquitto : IDisposable
{
    public const string GatewayUser = "ec-gateway";

    /// <summary>Home Assistant's login in the shipped ACL: it reads discovery, verified states and status.</summary>
    public const string HomeAssistantUser = "homeassistant";

    private readonly string _folder;
    private readonly Dictionary<string, string> _passwords;
    private Process? _process;

    private SecuredMosquitto(string folder, int port, int tlsPort, Dictionary<string, string> passwords)
    {
        _folder = folder;
        Port = port;
        TlsPort = tlsPort;
        _passwords = passwords;
    }

    public int Port { get; }

    public int TlsPort { get; }

    public string CaFile => Path.Combine(_folder, "ca.pem");

    public string PasswordOf(string user) => _passwords[user];

    /// <summary>Writes the certificates, password file and config; starts the broker unless start is false.</summary>
    public static SecuredMosquitto Create(string folder, IEnumerable<string> deviceUsers, bool start = true)
    {
        Dictionary<string, string> passwords = new(StringComparer.Ordinal)
        {
            [GatewayUser] = "gw-" + Guid.NewGuid().ToString("N")[..10],
            [HomeAssistantUser] = "ha-" + Guid.NewGuid().ToString("N")[..10],
        };
        foreach (string device in deviceUsers)
        {
            passwords[device] = "dev-" + Guid.NewGuid().ToString("N")[..10];
        }

        MakeCertificates(folder);
        string passwordFile = Path.Combine(folder, "passwd");
        File.WriteAllText(passwordFile, "");
        foreach ((string user, string password) in passwords)
        {
            Check(ExternalProcess.Run(Program("mosquitto_passwd"), ["-b", passwordFile, user, password], TimeSpan.FromSeconds(20)), "mosquitto_passwd");
        }

        string acl = Path.Combine(folder, "edgecontroller.acl");
        File.Copy(Path.Combine(RepositoryRoot(), "tools", "mosquitto", "edgecontroller.acl"), acl);
        int port = Simulator.InProcessBroker.FreeLoopbackPort();
        int tlsPort = Simulator.InProcessBroker.FreeLoopbackPort();
        File.WriteAllText(Path.Combine(folder, "mosquitto.conf"), $"""
            per_listener_settings false
            allow_anonymous false
            password_file {passwordFile}
            acl_file {acl}
            persistence false
            user root
            listener {port} 127.0.0.1
            listener {tlsPort} 127.0.0.1
            cafile {Path.Combine(folder, "ca.pem")}
            certfile {Path.Combine(folder, "server.pem")}
            keyfile {Path.Combine(folder, "server.key")}

            """);
        SecuredMosquitto broker = new(folder, port, tlsPort, passwords);
        if (start)
        {
            broker.Start();
        }

        return broker;
    }

    public void Start()
    {
        _process = Process.Start(new ProcessStartInfo(Program("mosquitto"), ["-c", Path.Combine(_folder, "mosquitto.conf")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        _ = _process.StandardOutput.ReadToEndAsync();
        Task<string> errors = _process.StandardError.ReadToEndAsync();
        Stopwatch waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            try
            {
                using TcpClient probe = new();
                probe.Connect(IPAddress.Loopback, TlsPort);
                using TcpClient plain = new();
                plain.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        _process.Kill();
        throw new InvalidOperationException($"mosquitto did not listen: {errors.Result}");
    }

    public void Dispose()
    {
        if (_process is not null && !_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process?.Dispose();
    }

    private static void MakeCertificates(string folder)
    {
        string openssl = Program("openssl");
        TimeSpan limit = TimeSpan.FromSeconds(60);
        string File(string name) => Path.Combine(folder, name);
        Check(ExternalProcess.Run(openssl, ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
            "-subj", "/CN=EdgeController test CA", "-keyout", File("ca.key"), "-out", File("ca.pem")], limit), "openssl CA");
        Check(ExternalProcess.Run(openssl, ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-subj", "/CN=127.0.0.1", "-keyout", File("server.key"), "-out", File("server.csr")], limit), "openssl CSR");
        System.IO.File.WriteAllText(File("server.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
        Check(ExternalProcess.Run(openssl, ["x509", "-req", "-in", File("server.csr"), "-CA", File("ca.pem"), "-CAkey", File("ca.key"),
            "-CAcreateserial", "-days", "2", "-extfile", File("server.ext"), "-out", File("server.pem")], limit), "openssl sign");
    }

    private static void Check(ExternalProcess.Result result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({result.ExitCode}): {result.Error}");
        }
    }

    private static string Program(string name) =>
        ExternalProcess.Find(name) ?? (System.IO.File.Exists("/usr/sbin/" + name) ? "/usr/sbin/" + name : throw new InvalidOperationException($"{name} is not installed"));

    private static string RepositoryRoot()
    {
        DirectoryInfo? folder = new(AppContext.BaseDirectory);
        while (folder is not null && !System.IO.File.Exists(Path.Combine(folder.FullName, "EdgeController.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("the repository root (EdgeController.sln) is not above " + AppContext.BaseDirectory);
    }
}
