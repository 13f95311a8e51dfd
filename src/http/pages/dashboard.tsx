/** GET /dashboard: placeholder, filled below. */
import { Layout, LoginBox } from "./layout.js";

export function DashboardPage() {
  return (
    <Layout title="管理看板 · first-responder" page="dashboard" styles={["uPlot.min.css"]} scripts={["uPlot.iife.min.js", "dashboard.js"]}>
      <LoginBox label="管理员" hint="" />
    </Layout>
  );
}
