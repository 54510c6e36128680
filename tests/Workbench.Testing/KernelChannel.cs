using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Testing;

/// <summary>A Jupyter kernel's websocket (protocol 5.3), enough to run code and read its result.</summary>
public sealed class KernelChannel(ClientWebSocket socket) : IAsyncDisposable
{
    /// <summary>Connects with a Workbench token; an invoker lets a test reach made-up host names.</summary>
    public static Task<KernelChannel> ConnectAsync(Uri uri, string bearerToken, HttpMessageInvoker? invoker = null) =>
        ConnectAsync(uri, new AuthenticationHeaderValue("Bearer", bearerToken), invoker);

    /// <summary>Connects with any credentials: a Workbench token through the proxy, or the app's own token directly.</summary>
    public static Task<KernelChannel> ConnectAsync(Uri uri, AuthenticationHeaderValue authorization, HttpMessageInvoker? invoker = null) =>
        ConnectAsync(uri, options => options.SetRequestHeader("Authorization", authorization.ToString()), invoker);

    /// <summary>As a browser connects: with its cookies, and the Origin of the page that opens the socket.</summary>
    public static Task<KernelChannel> ConnectAsync(Uri uri, CookieContainer cookies, string origin) =>
        ConnectAsync(uri, options =>
        {
            options.Cookies = cookies;
            options.SetRequestHeader("Origin", origin);
        }, invoker: null);

    /// <summary>As a browser on a made-up host name connects: its cookies as a header (a custom invoker takes no cookie container).</summary>
    public static Task<KernelChannel> ConnectAsync(Uri uri, string cookieHeader, string origin, HttpMessageInvoker invoker) =>
        ConnectAsync(uri, options =>
        {
            options.SetRequestHeader("Cookie", cookieHeader);
            options.SetRequestHeader("Origin", origin);
        }, invoker);

    private static async Task<KernelChannel> ConnectAsync(Uri uri, Action<ClientWebSocketOptions> authenticate, HttpMessageInvoker? invoker)
    {
        var socket = new ClientWebSocket();
        authenticate(socket.Options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(uri, invoker, timeout.Token);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new KernelChannel(socket);
    }

    /// <summary>Runs the code and returns its text/plain result, once the kernel has replied and gone idle (in either order).</summary>
    public async Task<string?> ExecuteAsync(string code)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var id = await SendAsync("execute_request", new JsonObject
        {
            ["code"] = code, ["silent"] = false, ["store_history"] = true,
            ["user_expressions"] = new JsonObject(), ["allow_stdin"] = false, ["stop_on_error"] = true,
        }, timeout.Token);

        string? result = null;
        bool replied = false, idle = false;
        while (!(replied && idle))
        {
            var message = await ReceiveAsync(timeout.Token);
            if (message.GetProperty("parent_header").TryGetProperty("msg_id", out var parent) && parent.GetString() != id)
            {
                continue;
            }
            var type = message.GetProperty("header").GetProperty("msg_type").GetString();
            var content = message.GetProperty("content");
            switch (type)
            {
                case "execute_result":
                    result = content.GetProperty("data").GetProperty("text/plain").GetString();
                    break;
                case "execute_reply":
                    replied = true;
                    break;
                case "status" when content.GetProperty("execution_state").GetString() == "idle":
                    idle = true;
                    break;
            }
        }
        return result;
    }

    /// <summary>One round trip to the kernel: a kernel_info_request and its reply (the kernel's busy/idle status aside).</summary>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        var id = await SendAsync("kernel_info_request", new JsonObject(), cancellationToken);
        while (true)
        {
            var message = await ReceiveAsync(cancellationToken);
            if (message.GetProperty("header").GetProperty("msg_type").GetString() == "kernel_info_reply"
                && message.GetProperty("parent_header").TryGetProperty("msg_id", out var parent) && parent.GetString() == id)
            {
                return;
            }
        }
    }

    private async Task<string> SendAsync(string type, JsonObject content, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        var request = new JsonObject
        {
            ["header"] = new JsonObject
            {
                ["msg_id"] = id, ["username"] = "test", ["session"] = Guid.NewGuid().ToString("N"),
                ["msg_type"] = type, ["version"] = "5.3", ["date"] = DateTimeOffset.UtcNow.ToString("O"),
            },
            ["parent_header"] = new JsonObject(),
            ["metadata"] = new JsonObject(),
            ["content"] = content,
            ["channel"] = "shell",
            ["buffers"] = new JsonArray(),
        };
        await socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        return id;
    }

    private async Task<JsonElement> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        WebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer, cancellationToken);
            text.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);
        return JsonDocument.Parse(text.ToArray()).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        if (socket.State == WebSocketState.Open)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
        socket.Dispose();
    }
}
