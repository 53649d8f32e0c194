// The manager's team workspace (/app/team/*): their own team, or one under them (/team/of/<manager id>; HR and admin:
// any team, chosen at /team/choose); scenarios from complaints; the printable sheet of feedback QR codes.
import { Route, Routes } from "react-router";
import { Workspace } from "./Workspace";
import { ChooseTeam } from "./ChooseTeam";
import { Scenarios } from "./Scenarios";
import { CodeSheet } from "./CodeSheet";
import "./team.css";

export default function Team() {
  return (
    <Routes>
      <Route index element={<Workspace />} />
      <Route path="of/:managerId" element={<Workspace />} />
      <Route path="codes" element={<CodeSheet />} />
      <Route path="of/:managerId/codes" element={<CodeSheet />} />
      <Route path="choose" element={<ChooseTeam />} />
      <Route path="scenarios" element={<Scenarios />} />
    </Routes>
  );
}
