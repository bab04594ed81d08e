using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;

namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>One run's view of the host: Spectre consoles over standard output and error, and a JSON writer.</summary>
internal sealed class CliConsole
{
    private static readonly JsonWriterOptions s_jsonOptions = new()
    {
        Indented = true,
        // Machine-readable output for people too: URLs, quotes and non-ASCII text as they are.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public CliConsole(CliHost host)
    {
        Host = host;
        Out = Create(host.Output, host.OutputColor, interactive: false, host.Width);
        Err = Create(host.Error, host.ErrorColor, host.Interactive, host.Width);
    }

    public CliHost Host { get; }

    /// <summary>Standard output.</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Standard error (and live progress displays).</summary>
    public IAnsiConsole Err { get; }

    /// <summary>Writes one JSON document, indented, to standard output (never through Spectre, which would wrap it).</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_jsonOptions))
        {
            write(writer);
        }

        Host.Output.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
        Host.Output.Flush();
    }

    /// <summary>Writes one JSON object, whose members <paramref name="writeMembers"/> writes, to standard output.</summary>
    public void WriteJsonObject(Action<Utf8JsonWriter> writeMembers) => WriteJson(writer =>
    {
        writer.WriteStartObject();
        writeMembers(writer);
        writer.WriteEndObject();
    });

    /// <summary>Writes a failure as <c>--json</c> promises it, to standard output.</summary>
    public void WriteJsonError(JsonError error) => WriteJson(error.WriteTo);

    /// <summary>Writes <c>error: message</c> to standard error, URL secrets in the message masked.</summary>
    public void Error(string message) => Err.MarkupLine("[red]error:[/] " + Markup.Escape(SecretMask.MaskText(message)));

    /// <summary>Writes <c>hint: message</c> to standard error.</summary>
    public void Hint(string message) => Err.MarkupLine("[grey]hint:[/] " + Markup.Escape(message));

    private static IAnsiConsole Create(TextWriter writer, bool color, bool interactive, int? width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            // Always ANSI: without it Spectre resets colours through System.Console, straight to the terminal. Plain output
            // is ANSI with the styles taken out.
            Out = new AnsiConsoleOutput(color ? writer : new StylelessWriter(writer)),
            Ansi = AnsiSupport.Yes,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            // No CI or terminal guessing from the environment: the host already decided.
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        // The terminal's width, asked of the real writer: a wrapped one looks like a file to Spectre.
        console.Profile.Width = width ?? new AnsiConsoleOutput(writer).Width;
        return console;
    }
}
