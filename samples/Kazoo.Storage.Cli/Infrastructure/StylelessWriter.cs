using System.Text;

namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// A writer that passes text through without ANSI style sequences (<c>ESC [ … m</c>: colours, resets, bold), and passes
/// every other sequence (a progress bar's cursor movements) as it is: what <c>--no-color</c> and <c>NO_COLOR</c> promise,
/// whatever styles the output asks for.
/// </summary>
/// <remarks>
/// Spectre.Console draws plain text either this way (ANSI on, no colours, then styles removed here) or with its legacy
/// backend, which resets colours through <see cref="Console.ResetColor"/>: that writes <c>ESC[39;49m</c> to the
/// terminal whichever writer the console was given.
/// </remarks>
internal sealed class StylelessWriter(TextWriter inner) : TextWriter
{
    private const char Escape = '\u001b';
    private readonly StringBuilder _sequence = new();

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override void Write(char value)
    {
        if (_sequence.Length == 0)
        {
            if (value == Escape)
            {
                _sequence.Append(value);
            }
            else
            {
                inner.Write(value);
            }

            return;
        }

        _sequence.Append(value);
        if (_sequence.Length == 2 && value != '[')
        {
            // ESC and something else: not a control sequence this writer knows; pass it on.
            Release(drop: false);
        }
        else if (_sequence.Length > 2 && value is >= '@' and <= '~')
        {
            // The final character of a control sequence: 'm' selects styles.
            Release(drop: value == 'm');
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? "")
        {
            Write(c);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        for (var i = index; i < index + count; i++)
        {
            Write(buffer[i]);
        }
    }

    public override void Flush() => inner.Flush();

    private void Release(bool drop)
    {
        if (!drop)
        {
            inner.Write(_sequence.ToString());
        }

        _sequence.Clear();
    }
}
