'use client';
import { useEffect, useMemo, useState } from 'react';
import { Alert, Box } from '@mui/material';
import { Admin, CustomRoutes, Resource } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
import { Route } from 'react-router-dom';
import { ApiContext } from './api-context';
import { withFieldErrors } from './form-errors';
import { apiClient } from './auth/api-client';
import { LoginPage, SIGNED_OUT_REASON } from './auth/LoginPage';
import { RequireRole } from './auth/RequireRole';
import { sessionStore } from './auth/session';
import { tenantAuthProvider } from './auth/tenant-auth-provider';
import { PosPage } from './pos/PosPage';
import { CashSessionCreate } from './screens/cash-drawer';
import { CashSessionList, MovementList, ReturnList, TransferList } from './screens/store-operations';
import { StockAdjustPage, TransferCreate, TransferShow } from './screens/stock-forms';
import { StockAlerts } from './screens/StockAlerts';
import { PurchaseOrderList, SupplierList, SupplierReturnList } from './screens/purchasing';
import { PurchaseOrderShow } from './screens/purchase-order-detail';
import { GoodsReceiptPage, PurchaseOrderCreate, SupplierCreate, SupplierEdit, SupplierInvoicePage } from './screens/purchasing-forms';
import { SupplierReturnCreate } from './screens/supplier-returns';
import { BrandingEditor } from './screens/BrandingEditor';
import { DailySalesReport } from './screens/DailySalesReport';
import { Dashboard } from './screens/Dashboard';
import { PluginsPage } from './screens/PluginsPage';
import { ProductImport } from './screens/ProductImport';
import { ProductCreate, ProductEdit, StoreCreate, StoreEdit, UserCreate, UserEdit } from './screens/catalog-forms';
import { PrescriptionQueue, PrescriptionReview, PrescriptionUpload } from './screens/prescriptions';
import { RegisterPage } from './screens/registers';
import { AuditLogList, ProductList, SaleList, SaleShow, StockList, StoreList, UserList } from './screens/resources';
import { TenantLayout } from './TenantLayout';
import { brandTheme, loadBranding, type Branding } from './theme/branding';

/** One chain's back office: its branding, its session, and the API with its X-Tenant on every call. */
export function TenantApp({ slug }: { slug: string }) {
  const [branding, setBranding] = useState<Branding | undefined>();
  const [error, setError] = useState<string | undefined>();

  const { api, authProvider, dataProvider, store } = useMemo(() => {
    const store = sessionStore(`dawa:tenant:${slug}:session`);
    const api = apiClient({
      authBase: '/api/v1',
      store,
      headers: { 'X-Tenant': slug },
      // Refresh reuse means a stolen token: the API revoked every session of the family, so sign out here too.
      onSessionEnded: (reason) => {
        if (reason === 'reused') sessionStorage.setItem(SIGNED_OUT_REASON, 'Your session was ended for safety. Sign in again.');
        window.location.hash = '#/login';
      },
    });
    return {
      api,
      store,
      authProvider: tenantAuthProvider(slug, store, api),
      dataProvider: simpleRestProvider('/api/v1', withFieldErrors(api.fetchJson)),
    };
  }, [slug]);

  useEffect(() => {
    loadBranding(slug).then(setBranding, (e: Error) => setError(e.message));
    // Another tab signing out (or losing its session to reuse detection) signs this one out too.
    const onStorage = (event: StorageEvent) => {
      if (event.key === store.key && !event.newValue) window.location.hash = '#/login';
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [slug, store]);

  useEffect(() => {
    if (branding) document.title = `${branding.name} · back office`;
  }, [branding]);

  if (error)
    return (
      <Box sx={{ p: 4 }}>
        <Alert severity="error">{error}</Alert>
      </Box>
    );
  if (!branding) return null;

  return (
    <ApiContext.Provider value={api}>
      <Admin
        title={branding.name}
        theme={brandTheme(branding)}
        authProvider={authProvider}
        dataProvider={dataProvider}
        dashboard={Dashboard}
        loginPage={() => <LoginPage branding={branding} subtitle="Back office sign-in" />}
        layout={({ children }) => <TenantLayout branding={branding}>{children}</TenantLayout>}
        requireAuth
        disableTelemetry
      >
        <Resource name="products" list={ProductList} create={ProductCreate} edit={ProductEdit} recordRepresentation="name" />
        <Resource
          name="prescriptions"
          list={PrescriptionQueue}
          show={PrescriptionReview}
          create={PrescriptionUpload}
          options={{ label: 'Prescription queue' }}
        />
        <Resource name="stock" list={StockList} options={{ label: 'Stock by batch' }} />
        <Resource name="sales" list={SaleList} show={SaleShow} recordRepresentation="invoiceNo" />
        <Resource name="stock/movements" list={MovementList} options={{ label: 'Stock movements' }} />
        <Resource name="stock/transfers" list={TransferList} show={TransferShow} create={TransferCreate} options={{ label: 'Transfers' }} />
        <Resource name="returns" list={ReturnList} options={{ label: 'Returns' }} />
        <Resource name="cash-sessions" list={CashSessionList} create={CashSessionCreate} options={{ label: 'Cash drawer' }} />
        <Resource
          name="purchase-orders"
          list={PurchaseOrderList}
          show={PurchaseOrderShow}
          create={PurchaseOrderCreate}
          options={{ label: 'Purchase orders' }}
          recordRepresentation="poNumber"
        >
          <Route path=":id/receive" element={<GoodsReceiptPage />} />
          <Route path=":id/invoice" element={<SupplierInvoicePage />} />
        </Resource>
        <Resource name="suppliers" list={SupplierList} create={SupplierCreate} edit={SupplierEdit} recordRepresentation="name" />
        <Resource name="supplier-returns" list={SupplierReturnList} create={SupplierReturnCreate} options={{ label: 'Supplier returns' }} />
        <Resource name="stores" list={StoreList} create={StoreCreate} edit={StoreEdit} recordRepresentation="name" />
        <Resource name="users" list={UserList} create={UserCreate} edit={UserEdit} recordRepresentation="name" />
        <Resource name="audit-logs" list={AuditLogList} options={{ label: 'Audit log' }} />
        <CustomRoutes>
          <Route
            path="/pos"
            element={
              <RequireRole screen="pos">
                <PosPage />
              </RequireRole>
            }
          />
          <Route
            path="/stock-alerts"
            element={
              <RequireRole screen="stock-alerts">
                <StockAlerts />
              </RequireRole>
            }
          />
          <Route
            path="/adjust-stock"
            element={
              <RequireRole screen="stock-adjustment">
                <StockAdjustPage />
              </RequireRole>
            }
          />
          <Route
            path="/registers/:kind"
            element={
              <RequireRole screen="registers">
                <RegisterPage />
              </RequireRole>
            }
          />
          <Route
            path="/reports/daily-sales"
            element={
              <RequireRole screen="reports">
                <DailySalesReport />
              </RequireRole>
            }
          />
          <Route
            path="/products/import"
            element={
              <RequireRole screen="products/import">
                <ProductImport />
              </RequireRole>
            }
          />
          <Route
            path="/plugins"
            element={
              <RequireRole screen="plugins">
                <PluginsPage />
              </RequireRole>
            }
          />
          <Route
            path="/branding"
            element={
              <RequireRole screen="branding">
                <BrandingEditor branding={branding} onSaved={setBranding} />
              </RequireRole>
            }
          />
        </CustomRoutes>
      </Admin>
    </ApiContext.Provider>
  );
}
