using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Server.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class JobLane : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Lane",
                table: "Jobs",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Lane",
                table: "Jobs");
        }
    }
}
