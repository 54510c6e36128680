using System.Globalization;
using Spectre.Console;
using Workbench.Contracts;

namespace Workbench.Cli.Output;

/// <summary>The size and image catalogs as tables.</summary>
internal static class CatalogTables
{
    public static void Sizes(IAnsiConsole console, Page<SizeResource> sizes)
    {
        var table = Tables.Create("Name", "vCPUs", "Memory GiB", "GPUs", "Family", "Price/hour");
        foreach (var size in sizes.Value)
        {
            Tables.AddRow(
                table,
                size.Name,
                Invariant(size.VCpus),
                Invariant(size.MemoryGiB),
                Invariant(size.Gpus),
                size.Family,
                size.PricePerHour.ToString("0.00##", CultureInfo.InvariantCulture));
        }
        console.Write(table);
    }

    public static void Images(IAnsiConsole console, Page<ImageResource> images)
    {
        var table = Tables.Create("Name", "Default", "Apps", "Tools", "Description");
        foreach (var image in images.Value)
        {
            Tables.AddRow(
                table,
                image.Name,
                image.IsDefault ? "yes" : "",
                string.Join(", ", image.Apps),
                string.Join(", ", image.Tools),
                image.Description);
        }
        console.Write(table);
    }

    private static string Invariant(IFormattable number) => number.ToString(null, CultureInfo.InvariantCulture);
}
