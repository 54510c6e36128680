using Workbench.Contracts;
using Workbench.Server.Catalog;

namespace Workbench.Server.Api;

/// <summary>/api/v1/sizes and /api/v1/images: what an instance can be made of.</summary>
public static class CatalogApi
{
    public static IEndpointRouteBuilder MapCatalogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/sizes", (SizeCatalog sizes) => TypedResults.Ok(new Page<SizeResource>(
            [.. sizes.All.Select(s => new SizeResource(s.Name, s.VCpus, s.MemoryGiB, s.Gpus, s.Family, s.PricePerHour))], null)));
        app.MapGet("/api/v1/images", (ImageCatalog images) => TypedResults.Ok(new Page<ImageResource>(
            [.. images.All.Select(i => new ImageResource(i.Name, i.Description, i.Tools, [.. i.Apps.Select(a => a.Name)], i.Name == images.DefaultName))], null)));
        return app;
    }
}
