using System.Text.Json;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Validation;

/// <summary>The validation walk over arrays: items, tuples, additional items, enums of structures, counts and uniqueness.</summary>
internal ref partial struct ValidationWalk
{
    /// <summary>Checks an array against a node.</summary>
    private void CheckArray(ref Utf8JsonReader reader, SchemaNode node)
    {
        var arrayStart = (int)reader.TokenStartIndex;
        CheckStructureEnum(ref reader, node);
        var count = 0;
        var extraItems = false;
        while (!_stop && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Push(-1, count);
            var schema = ItemSchema(node, count);
            if (schema == NoItemAllowed)
            {
                extraItems |= Failing();
                SkipValue(ref reader);
            }
            else if (schema >= 0)
            {
                Validate(ref reader, schema);
            }
            else
            {
                SkipValue(ref reader);
            }

            Pop();
            count++;
        }

        if (_stop)
        {
            return; // the verdict is known; the reader is abandoned
        }

        if (extraItems)
        {
            ReportAt(arrayStart, "additionalItems", new Detail("Strict checking of data is enabled; only include schema-defined items", WithValue: true));
        }

        CheckItemCounts(arrayStart, node, count);
    }

    /// <summary>What <see cref="ItemSchema"/> answers for an item past the tuple where <c>additionalItems</c> is false.</summary>
    private const int NoItemAllowed = -2;

    /// <summary>
    /// The schema for the item at an index: <c>items</c> when it is one schema, else the tuple's schema at that
    /// position, else <c>additionalItems</c>; -1 when anything goes, <see cref="NoItemAllowed"/> when nothing does.
    /// </summary>
    private static int ItemSchema(SchemaNode node, int index) =>
        node.TupleItemsArray is not { } tuple ? node.Items
        : index < tuple.Length ? tuple[index]
        : node.AdditionalItemsAllowed ? node.AdditionalItems
        : NoItemAllowed;

    /// <summary>An object or array against the node's <c>enum</c>, if it has one; the reader is not moved.</summary>
    private void CheckStructureEnum(ref Utf8JsonReader reader, SchemaNode node)
    {
        if (node.EnumArray is { } values && !StructureInEnum(reader, node.EnumHasStructures, values))
        {
            if (Failing())
            {
                Report(ref reader, "enum", EnumDetail(node));
            }
        }
    }

    /// <summary>Whether the object or array at the reader equals an <c>enum</c> value (read only when some value is one).</summary>
    private static bool StructureInEnum(Utf8JsonReader start, bool hasStructures, EnumValue[] values)
    {
        if (!hasStructures)
        {
            return false;
        }

        var instance = MemberNames.FirstOccurrences(JsonElement.ParseValue(ref start));
        foreach (var value in values)
        {
            if (value.Element is { } element && JsonValueEquality.Equals(instance, element))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The checks made once an array's items are read: item counts and uniqueness.</summary>
    private void CheckItemCounts(int arrayStart, SchemaNode node, int count)
    {
        if (node.MinItems >= 0 && count < node.MinItems)
        {
            if (Failing())
            {
                ReportAt(arrayStart, "minItems", new Detail("The list is not at least " + node.MinItems + " items", Target: Json.Of(node.MinItems), WithValue: true));
            }
        }

        if (node.MaxItems >= 0 && count > node.MaxItems)
        {
            if (Failing())
            {
                ReportAt(arrayStart, "maxItems", new Detail("The list is more than " + node.MaxItems + " items", Target: Json.Of(node.MaxItems), WithValue: true));
            }
        }

        if (node.UniqueItems && !AreUnique(arrayStart))
        {
            if (Failing())
            {
                ReportAt(arrayStart, "uniqueItems", new Detail("List of items is not unique", Target: Json.Of(true), WithValue: true));
            }
        }
    }


    private readonly bool AreUnique(int arrayStart)
    {
        using var document = JsonDocument.Parse(RawValue(arrayStart).ToArray());
        var items = document.RootElement.EnumerateArray().Select(MemberNames.FirstOccurrences).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = i + 1; j < items.Count; j++)
            {
                if (JsonValueEquality.Equals(items[i], items[j]))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
