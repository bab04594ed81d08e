namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// Checks that a schema file is strict JSON (RFC 8259), as Kazoo's own parser requires: no comments, single quotes,
/// trailing commas, raw line breaks in strings or text after the value. Newtonsoft.Json accepts all of these, so this
/// runs first and gives the exact 1-based line and column of the first problem.
/// </summary>
internal sealed class StrictJson
{
    private readonly string _text;
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private StrictJson(string text) => _text = text;

    /// <summary>Returns null when the text is strict JSON, or the problem with its 1-based line and column.</summary>
    public static (int Line, int Column, string Message)? Check(string text)
    {
        var scanner = new StrictJson(text);
        try
        {
            if (text.Length > 0 && text[0] == '\uFEFF')
            {
                scanner._position = 1;
                scanner._lineStart = 1;
            }

            scanner.SkipWhitespace();
            if (scanner.AtEnd)
            {
                return (1, 1, "The file is empty");
            }

            scanner.Value(0);
            scanner.SkipWhitespace();
            if (scanner._position < text.Length)
            {
                scanner.Fail(scanner.Peek == '/' ? "Comments are not allowed in JSON" : "Text follows the end of the JSON value");
            }

            return null;
        }
        catch (StrictJsonException ex)
        {
            return (ex.Line, ex.Column, ex.Message);
        }
    }

    private sealed class StrictJsonException : System.Exception
    {
        public StrictJsonException(string message, int line, int column)
            : base(message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }

        public int Column { get; }
    }

    private void Fail(string message) => throw new StrictJsonException(message, _line, _position - _lineStart + 1);

    /// <summary>Where the last ',' was read: a trailing comma is reported there, not at the bracket after it.</summary>
    private (int Line, int Column) _comma;

    private void FailAtComma(string message) => throw new StrictJsonException(message, _comma.Line, _comma.Column);

    private void Comma()
    {
        _comma = (_line, _position - _lineStart + 1);
        _position++;
    }

    private char Peek => _position < _text.Length ? _text[_position] : '\0';

    private bool AtEnd => _position >= _text.Length;

    private void SkipWhitespace()
    {
        while (!AtEnd)
        {
            var c = _text[_position];
            if (c == '\n')
            {
                _position++;
                _line++;
                _lineStart = _position;
            }
            else if (c is ' ' or '\t' or '\r')
            {
                _position++;
            }
            else
            {
                return;
            }
        }
    }

    private void Value(int depth)
    {
        if (depth > 512)
        {
            Fail("The JSON is nested too deeply");
        }

        if (AtEnd)
        {
            Fail("Unexpected end of the file where a value was expected");
        }

        switch (Peek)
        {
            case '{':
                Object(depth);
                break;
            case '[':
                Array(depth);
                break;
            case '"':
                String();
                break;
            case 't':
                Literal("true");
                break;
            case 'f':
                Literal("false");
                break;
            case 'n':
                Literal("null");
                break;
            case '/':
                Fail("Comments are not allowed in JSON");
                break;
            case '\'':
                Fail("Strings must use double quotes");
                break;
            default:
                if (Peek == '-' || char.IsDigit(Peek))
                {
                    Number();
                }
                else
                {
                    Fail("Unexpected character '" + Peek + "' where a value was expected");
                }

                break;
        }
    }

    private void Object(int depth)
    {
        _position++;
        SkipWhitespace();
        if (Peek == '}')
        {
            _position++;
            return;
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek == '}')
            {
                FailAtComma("A trailing comma before '}' is not allowed in JSON");
            }

            if (Peek == '/')
            {
                Fail("Comments are not allowed in JSON");
            }

            if (Peek != '"')
            {
                Fail(Peek == '\'' ? "Member names must use double quotes" : "Expected a member name in double quotes");
            }

            String();
            SkipWhitespace();
            if (Peek != ':')
            {
                Fail("Expected ':' after the member name");
            }

            _position++;
            SkipWhitespace();
            Value(depth + 1);
            SkipWhitespace();
            if (Peek == ',')
            {
                Comma();
                continue;
            }

            if (Peek == '}')
            {
                _position++;
                return;
            }

            Fail(AtEnd ? "Unexpected end of the file inside an object" : Peek == '/' ? "Comments are not allowed in JSON" : "Expected ',' or '}' after a member");
        }
    }

    private void Array(int depth)
    {
        _position++;
        SkipWhitespace();
        if (Peek == ']')
        {
            _position++;
            return;
        }

        while (true)
        {
            SkipWhitespace();
            if (Peek == ']')
            {
                FailAtComma("A trailing comma before ']' is not allowed in JSON");
            }

            Value(depth + 1);
            SkipWhitespace();
            if (Peek == ',')
            {
                Comma();
                continue;
            }

            if (Peek == ']')
            {
                _position++;
                return;
            }

            Fail(AtEnd ? "Unexpected end of the file inside an array" : "Expected ',' or ']' after an item");
        }
    }

    private void String()
    {
        _position++;
        while (true)
        {
            if (AtEnd)
            {
                Fail("Unexpected end of the file inside a string");
            }

            var c = _text[_position];
            if (c == '"')
            {
                _position++;
                return;
            }

            if (c < 0x20)
            {
                Fail(c == '\n' || c == '\r' ? "A string is not closed before the end of its line" : "A control character must be escaped in a string");
            }

            if (c == '\\')
            {
                _position++;
                var escape = Peek;
                if (escape == 'u')
                {
                    for (var i = 1; i <= 4; i++)
                    {
                        if (_position + i >= _text.Length || !Uri.IsHexDigit(_text[_position + i]))
                        {
                            Fail("Invalid \\u escape in a string");
                        }
                    }

                    _position += 5;
                    continue;
                }

                if ("\"\\/bfnrt".IndexOf(escape) < 0)
                {
                    Fail("Invalid escape '\\" + escape + "' in a string");
                }
            }

            _position++;
        }
    }

    private void Literal(string word)
    {
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
        {
            Fail("Unexpected word where a value was expected");
        }

        _position += word.Length;
    }

    private void Number()
    {
        if (Peek == '-')
        {
            _position++;
        }

        if (Peek == '0')
        {
            _position++;
        }
        else if (char.IsDigit(Peek))
        {
            while (char.IsDigit(Peek))
            {
                _position++;
            }
        }
        else
        {
            Fail("Invalid number");
        }

        if (Peek == '.')
        {
            _position++;
            if (!char.IsDigit(Peek))
            {
                Fail("Invalid number: digits must follow '.'");
            }

            while (char.IsDigit(Peek))
            {
                _position++;
            }
        }

        if (Peek is 'e' or 'E')
        {
            _position++;
            if (Peek is '+' or '-')
            {
                _position++;
            }

            if (!char.IsDigit(Peek))
            {
                Fail("Invalid number: digits must follow the exponent");
            }

            while (char.IsDigit(Peek))
            {
                _position++;
            }
        }
    }

    private static class Uri
    {
        public static bool IsHexDigit(char c) => c is >= '0' and <= '9' or >= 'a' and <= 'f' or >= 'A' and <= 'F';
    }
}
