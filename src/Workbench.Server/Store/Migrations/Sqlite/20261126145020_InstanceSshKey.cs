using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Server.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InstanceSshKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SshPublicKey",
                table: "ComputeInstances",
                type: "TEXT",
                maxLength: 8192,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SshPublicKey",
                table: "ComputeInstances");
        }
    }
}
