using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Server.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class JobListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_Workspace_TargetKind_ComputeKey_State_Id",
                table: "Jobs");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Workspace_ComputeKey_Id",
                table: "Jobs",
                columns: new[] { "Workspace", "ComputeKey", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Workspace_ComputeKey_State_Id",
                table: "Jobs",
                columns: new[] { "Workspace", "ComputeKey", "State", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Workspace_Id",
                table: "Jobs",
                columns: new[] { "Workspace", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Workspace_State_Id",
                table: "Jobs",
                columns: new[] { "Workspace", "State", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Jobs_Workspace_ComputeKey_Id",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_Workspace_ComputeKey_State_Id",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_Workspace_Id",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "IX_Jobs_Workspace_State_Id",
                table: "Jobs");

            migrationBuilder.CreateIndex(
                name: "IX_Jobs_Workspace_TargetKind_ComputeKey_State_Id",
                table: "Jobs",
                columns: new[] { "Workspace", "TargetKind", "ComputeKey", "State", "Id" });
        }
    }
}
