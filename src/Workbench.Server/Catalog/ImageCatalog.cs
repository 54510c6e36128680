using Microsoft.Extensions.Options;
using Workbench.Domain.Catalog;

namespace Workbench.Server.Catalog;

/// <summary>The environment images, read once from the images folder at start.</summary>
public sealed class ImageCatalog
{
    private readonly Dictionary<string, ImageDefinition> _images;

    public ImageCatalog(IOptions<WorkbenchOptions> options)
    {
        var dir = options.Value.ImagesDir;
        if (!Directory.Exists(dir))
        {
            throw new InvalidOperationException($"The images folder '{dir}' does not exist (Workbench:ImagesDir).");
        }
        _images = [];
        foreach (var file in Directory.EnumerateFiles(dir, "*.yaml").Order(StringComparer.Ordinal))
        {
            var image = ImageFile.Parse(File.ReadAllText(file), Path.GetFileName(file));
            if (!_images.TryAdd(image.Name, image))
            {
                throw new InvalidOperationException($"Image '{image.Name}' is defined twice (again in {file}).");
            }
        }
        DefaultName = options.Value.DefaultImage;
        if (!_images.ContainsKey(DefaultName))
        {
            throw new InvalidOperationException($"The default image '{DefaultName}' is not among the images in '{dir}'.");
        }
    }

    public string DefaultName { get; }

    public IEnumerable<ImageDefinition> All => _images.Values.OrderBy(i => i.Name, StringComparer.Ordinal);

    public ImageDefinition? Find(string name) => _images.GetValueOrDefault(name);
}
