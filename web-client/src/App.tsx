import type { ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { SignIn } from './pages/SignIn';
import { SignUp } from './pages/SignUp';
import { Claim } from './pages/Claim';
import { Dashboard } from './pages/Dashboard';
import { Transcript } from './pages/Transcript';
import { AddCeu } from './pages/AddCeu';
import { CprAed } from './pages/CprAed';
import { WhatIf } from './pages/WhatIf';
import { Renew } from './pages/Renew';
import { Help } from './pages/Help';
import { NotFound } from './pages/NotFound';
import { StaffLookup } from './pages/staff/StaffLookup';
import { StaffCertification } from './pages/staff/StaffCertification';
import { StaffRegister } from './pages/staff/StaffRegister';
import { StaffFees } from './pages/staff/StaffFees';
import { StaffSettings } from './pages/staff/StaffSettings';
import { StaffProviders } from './pages/staff/Providers';
import { StaffProviderDetail } from './pages/staff/ProviderDetail';
import { ApprovedProviders } from './pages/Providers';
import { StaffQueues } from './pages/staff/StaffQueues';
import { StaffPetitions } from './pages/staff/StaffPetitions';
import { StaffAudits } from './pages/staff/StaffAudits';
import { StaffApplications } from './pages/staff/StaffApplications';
import { StaffApplication } from './pages/staff/StaffApplication';
import { StaffRefunds } from './pages/staff/StaffRefunds';
import { StaffHistory } from './pages/staff/StaffHistory';
import { NewPetition, Petitions } from './pages/Petitions';
import { Checkout } from './pages/Checkout';
import { ReceiptPage, ReceiptsList } from './pages/Receipts';
import { AuditPage } from './pages/Audit';
import { Account, ForgotPassword, ResetPassword } from './pages/Passwords';
import { MfaEnrol, MfaVerify } from './pages/Mfa';
import { StaffMembers } from './pages/staff/StaffMembers';
import { VerifyLinkPage, VerifyPage } from './pages/Verify';
import { CheckEmail, ConfirmClaim, VerifyEmail } from './pages/Account';
import { StaffClaims } from './pages/staff/StaffClaims';
import { AcceptInvitation } from './pages/provider/AcceptInvitation';
import { ProviderScope } from './pages/provider/ProviderContext';
import { LearnerCheck, ProviderCompletions, ProviderCourses, ProviderKeys, ProviderWebhooks } from './pages/provider/ProviderPages';
import { ProviderUpload } from './pages/provider/ProviderUpload';

import { Notifications } from './pages/Notifications';
import { EditCeu } from './pages/AddCeu';

export function App() {
  return (
    <AuthProvider>
      <Routes>
        <Route element={<Layout />}>
          <Route index element={<Home />} />
          <Route path="sign-in" element={<SignIn />} />
          <Route path="sign-up" element={<SignUp />} />
          <Route path="sign-in/mfa" element={<MfaVerify />} />
          <Route path="sign-in/mfa/enrol" element={<MfaEnrol />} />
          <Route path="forgot-password" element={<ForgotPassword />} />
          <Route path="reset-password" element={<ResetPassword />} />
          <Route path="account" element={<RequireSignedIn><Account /></RequireSignedIn>} />
          <Route path="help" element={<Help />} />
          <Route path="providers" element={<ApprovedProviders />} />
          <Route path="verify" element={<VerifyPage />} />
          <Route path="verify/c/:token" element={<VerifyLinkPage />} />
          <Route path="claim" element={<RequireRole role="certificant"><Claim /></RequireRole>} />
          <Route path="notifications" element={<RequireRole role="certificant"><Notifications /></RequireRole>} />
          <Route path="check-email" element={<CheckEmail />} />
          <Route path="verify-email" element={<VerifyEmail />} />
          <Route path="confirm-claim" element={<RequireRole role="certificant"><ConfirmClaim /></RequireRole>} />
          <Route path="certifications/:number">
            <Route index element={<RequireRole role="certificant"><Dashboard /></RequireRole>} />
            <Route path="transcript" element={<RequireRole role="certificant"><Transcript /></RequireRole>} />
            <Route path="ceus/new" element={<RequireRole role="certificant"><AddCeu /></RequireRole>} />
            <Route path="ceus/:id/edit" element={<RequireRole role="certificant"><EditCeu /></RequireRole>} />
            <Route path="cpr-aed" element={<RequireRole role="certificant"><CprAed /></RequireRole>} />
            <Route path="what-if" element={<RequireRole role="certificant"><WhatIf /></RequireRole>} />
            <Route path="renew" element={<RequireRole role="certificant"><Renew /></RequireRole>} />
            <Route path="petitions" element={<RequireRole role="certificant"><Petitions /></RequireRole>} />
            <Route path="petitions/new" element={<RequireRole role="certificant"><NewPetition /></RequireRole>} />
            <Route path="cart" element={<RequireRole role="certificant"><Checkout /></RequireRole>} />
            <Route path="receipts" element={<RequireRole role="certificant"><ReceiptsList /></RequireRole>} />
            <Route path="receipts/:id" element={<RequireRole role="certificant"><ReceiptPage /></RequireRole>} />
            <Route path="audit" element={<RequireRole role="certificant"><AuditPage /></RequireRole>} />
          </Route>
          <Route path="staff">
            <Route index element={<RequireRole role="staff"><StaffLookup /></RequireRole>} />
            <Route path="certifications/:number" element={<RequireRole role="staff"><StaffCertification /></RequireRole>} />
            <Route path="certifications/:number/history" element={<RequireRole role="staff"><StaffHistory /></RequireRole>} />
            <Route path="queues" element={<RequireRole role="staff"><StaffQueues /></RequireRole>} />
            <Route path="petitions" element={<RequireRole role="staff"><StaffPetitions /></RequireRole>} />
            <Route path="audits" element={<RequireRole role="staff"><StaffAudits /></RequireRole>} />
            <Route path="applications" element={<RequireRole role="staff"><StaffApplications /></RequireRole>} />
            <Route path="applications/:id" element={<RequireRole role="staff"><StaffApplication /></RequireRole>} />
            <Route path="refunds" element={<RequireRole role="staff"><StaffRefunds /></RequireRole>} />
            <Route path="register" element={<RequireRole role="staff"><StaffRegister /></RequireRole>} />
            <Route path="claims" element={<RequireRole role="staff"><StaffClaims /></RequireRole>} />
            <Route path="fees" element={<RequireRole role="staff"><StaffFees /></RequireRole>} />
            <Route path="settings" element={<RequireRole role="staff"><StaffSettings /></RequireRole>} />
            <Route path="providers" element={<RequireRole role="staff"><StaffProviders /></RequireRole>} />
            <Route path="providers/:id" element={<RequireRole role="staff"><StaffProviderDetail /></RequireRole>} />
            <Route path="staff-members" element={<RequireRole role="staff"><StaffMembers /></RequireRole>} />
          </Route>
          <Route path="accept-invitation" element={<AcceptInvitation />} />
          <Route path="provider">
            <Route index element={<RequireProvider><ProviderCourses /></RequireProvider>} />
            <Route path="upload" element={<RequireProvider><ProviderUpload /></RequireProvider>} />
            <Route path="completions" element={<RequireProvider><ProviderCompletions /></RequireProvider>} />
            <Route path="keys" element={<RequireProvider><ProviderKeys /></RequireProvider>} />
            <Route path="webhooks" element={<RequireProvider><ProviderWebhooks /></RequireProvider>} />
            <Route path="learners" element={<RequireProvider><LearnerCheck /></RequireProvider>} />
          </Route>
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </AuthProvider>
  );
}

function Home() {
  const { user } = useAuth();
  if (user === undefined) return <Loading label="Checking your session…" />;
  if (user === null) return <Navigate to="/sign-in" replace />;
  if (user.role === 'staff') return <Navigate to="/staff" replace />;
  if (user.role === 'provider') return <Navigate to="/provider" replace />;
  const first = user.certificationNumbers[0];
  return <Navigate to={first ? `/certifications/${encodeURIComponent(first)}` : '/claim'} replace />;
}

function RequireSignedIn({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <Loading label="Checking your session…" />;
  // The query string rides along: an emailed link (?token=…) must still work after signing in.
  if (user === null) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

/** A provider portal page: signed in with role provider, and the provider loaded for the page. */
function RequireProvider({ children }: { children: ReactNode }) {
  return <RequireRole role="provider"><ProviderScope>{children}</ProviderScope></RequireRole>;
}

function RequireRole({ role, children }: { role: 'staff' | 'certificant' | 'provider'; children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined) return <Loading label="Checking your session…" />;
  // The query string rides along: an emailed link (?token=…) must still work after signing in.
  if (user === null) return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
  if (user.role !== role) return <Navigate to="/" replace />;
  return <>{children}</>;
}
