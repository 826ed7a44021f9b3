package try
import ("testing";"fmt";"hourglass/scenarios";"hourglass/sim";"hourglass/sim/scenario")
func TestTry(t *testing.T){
 sc,err:=scenario.Load(scenarios.FS,"baseline.toml"); if err!=nil{t.Fatal(err)}
 fmt.Println(sc.World)
 for gi,rs:=range sc.World.Routes{ for _,r:=range rs{ fmt.Println(sc.World.Groups[gi].ID, sc.World.Describe(&r)) } }
 o,err:=sim.Run(sc.World,&sc.Params,1,0); if err!=nil{t.Fatal(err)}
 for c:=sim.Commodity(0);c<sim.NumCommodities;c++{ fmt.Printf("%s shipped %.0f seized %.0f deliv %.0f ret %.0f transit %.0f\n",c,o.Shipped[c].Kg(),o.Seized[c].Kg(),o.Delivered[c].Kg(),o.Retained[c].Kg(),o.InTransit[c].Kg())}
 fmt.Printf("heroin produced %.0f trips %d enc %d bribes %.0f arrests %d/%d\n",o.HeroinProduced.Kg(),o.Trips,o.Encounters,o.BribesUSD,o.CourierArrests,o.OrganiserArrests)
 for _,r:=range o.Breakdown(sc.World,sim.ByCountry){fmt.Println(r.Commodity,r.Key,r.Grams.Kg(),r.Events)}
 for _,r:=range o.Breakdown(sc.World,sim.ByPlace){fmt.Println(r.Commodity,r.Key,r.Grams.Kg(),r.Events)}
 for k,c:=range sc.World.Countries{ fmt.Println("entered",c,o.Entered[k][0].Kg()+o.Entered[k][1].Kg(), "retained", o.RetainedIn[k][0].Kg()+o.RetainedIn[k][1].Kg(), "seized", (o.SeizedIn(sc.World,k,0)+o.SeizedIn(sc.World,k,1)).Kg())}
}
