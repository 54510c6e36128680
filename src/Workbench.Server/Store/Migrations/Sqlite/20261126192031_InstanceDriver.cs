using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Server.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InstanceDriver : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Driver",
                table: "ComputeInstances",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "local");

            migrationBuilder.AddColumn<string>(
                name: "DriverError",
                table: "ComputeInstances",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Partition",
                table: "ComputeInstances",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Driver",
                table: "ComputeInstances");

            migrationBuilder.DropColumn(
                name: "DriverError",
                table: "ComputeInstances");

            migrationBuilder.DropColumn(
                name: "Partition",
                table: "ComputeInstances");
        }
    }
}
