using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Workbench.Server.Store;

/// <summary>
/// A query compiled once for each model it runs against. EF Core binds a compiled query to the first model it
/// sees, and one process may hold several (SQLite's and PostgreSQL's, a model for each test host). Compiled, a
/// query on a hot path skips building its expression tree and finding it in the query cache at every run, which
/// cost more than running it.
/// </summary>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : Delegate
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
