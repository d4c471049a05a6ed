import { Navigate, Route, Routes } from 'react-router';
import '../code.css';
import { ReviewView } from './review-view';
import { ScratchView } from './scratch-view';
import { WorkspaceList } from './workspace-list';
import { WorkspaceView } from './workspace-view';

export default function CodePage() {
  return (
    <Routes>
      <Route index element={<WorkspaceList />} />
      <Route path="scratch" element={<ScratchView />} />
      <Route path="w/:workspaceId" element={<WorkspaceView />} />
      <Route path="review/:reviewId" element={<ReviewView />} />
      <Route path="*" element={<Navigate to="/code" replace />} />
    </Routes>
  );
}
