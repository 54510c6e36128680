using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Workbench.Domain.Identity;
using Workbench.Server.Store;

namespace Workbench.Server.Auth;

/// <summary>
/// Who a request comes from: programs send an API token (Authorization: Bearer), people in a browser
/// carry the session cookie they got at /login. A request that names a bearer token is judged by that
/// token alone; every other request by its cookie. Every endpoint needs one of the two unless it says otherwise.
/// </summary>
public static class WorkbenchAuthentication
{
    public const string SchemeName = "BearerOrSession";

    public static IServiceCollection AddWorkbenchAuthentication(this IServiceCollection services)
    {
        services.AddOptions<LoginOptions>().BindConfiguration("Workbench:Login").ValidateOnStart();
        services.AddSingleton<IValidateOptions<LoginOptions>, LoginOptionsValidator>();
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddSingleton<PasswordHashes>();
        services.AddSingleton<LoginThrottle>();
        services.AddStoreReadCache<TokenOwners>();
        services.AddScoped<PasswordCheck>();
        services.AddScoped<SessionCookieEvents>();

        services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "API token or session cookie", options =>
                options.ForwardDefaultSelector = context =>
                    BearerTokenHandler.IsPresentIn(context.Request) ? BearerTokenHandler.SchemeName : SessionCookie.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null)
            .AddCookie(SessionCookie.SchemeName);
        services.AddOptions<CookieAuthenticationOptions>(SessionCookie.SchemeName).Configure<IOptions<LoginOptions>>(SessionCookie.Configure);
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "wb_antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.HeaderName = SessionCsrfProtection.HeaderName;
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }
}
